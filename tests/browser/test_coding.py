"""An analyst codes passages of an Arabic answer and of a Chinese one by selecting their words in a browser, and the
page passes axe in English and Arabic."""

import pytest
from playwright.sync_api import expect

from review.models import Coding
from tests.browser.signing import sign_in
from tests.factories import InputFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARABIC = "التعاون المعزز يحتاج إلى كل الحكومات.\n\nلكل أصحاب المصلحة دورهم، على قدم المساواة في القضايا العامة."
CHINESE = "加强合作需要所有政府参与。\n\n各利益攸关方应在平等基础上发挥作用，𠀋字也算。"

SELECT = """([selector, words]) => {
  const answer = document.querySelector(selector);
  const walker = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(words);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      const selection = document.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [("ar", ARABIC, "على قدم المساواة"), ("zh-hans", CHINESE, "平等基础上发挥作用，𠀋字")],
)
def test_an_analyst_codes_a_passage_by_selecting_it(
    live_server, page, consultation, verified, analyst, codes, accessible, language, text, words
):
    submission = InputFactory(consultation=consultation, organisation=verified, language=language,
                              answers={1: text, 2: "—"})  # fmt: skip
    sign_in(page, live_server.url, analyst, code=True)
    page.goto(f"{live_server.url}/moderation/inputs/{submission.pk}/coding/")
    accessible(page, f"coding-{language}")
    assert page.evaluate(SELECT, [".coding-answer[data-number='1']", words])
    expect(page.locator(".coding-selection-text")).to_have_text(words)
    expect(page.locator(".coding-selection-label")).to_have_text("Selected in the answer to question 1:")
    page.get_by_label("Cybercrime").check()  # clicking elsewhere keeps the selection
    page.get_by_label("Supports").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply the codes").click()
    expect(page.locator(".messages")).to_contain_text("1 coding recorded.")
    coding = Coding.objects.get()
    assert (coding.passage, coding.code.name, coding.stance) == (words, "Cybercrime", "supports")
    assert text[coding.start : coding.end] == words
    expect(page.locator("mark.seg")).to_have_text(words)


def test_the_coding_page_in_arabic_without_javascript(live_server, browser, consultation, verified, analyst, codes,
                                                       accessible):  # fmt: skip
    submission = InputFactory(consultation=consultation, organisation=verified, language="ar",
                              answers={1: ARABIC, 2: "—"})  # fmt: skip
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, live_server.url, analyst, code=True)
        page.goto(f"{live_server.url}/moderation/inputs/{submission.pk}/coding/?lang=ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        page.get_by_label("ترميز الفقرة 2 من السؤال 1").check()
        page.locator("label.code-choice", has_text="الجريمة الإلكترونية").locator("input").check()
        with page.expect_navigation():
            page.locator("form.coding-layout button[type=submit]").last.click()
        coding = Coding.objects.get()
        assert coding.passage == ARABIC.split("\n\n")[1]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
