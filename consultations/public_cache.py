"""The public record's pages, rendered once and kept in the cache until something they show changes.

The list of inputs, one input and the answers to one question are read far more often than they change (they
change when a moderator accepts an input, or takes an accepted one back). Their heavy part (the queries and the
rows) is rendered to HTML fragments and cached under a key made of the page's address, the language, the time zone
and the record's *generation*; the page around them (navigation, messages, the language form with its CSRF token)
is rendered for each signed-in visitor, so nothing of one visitor reaches another. For visitors not signed in, the
whole page is the same for all and is cached whole.

The generation is a token in the cache that every change to what the record shows replaces (see `stale`): the
decisions that accept an input or take one back, and any change to a consultation, question, theme, organisation,
country or category. Fragments of older generations are never read again and expire after
`PUBLIC_PAGE_CACHE_SECONDS`, which also bounds how long a page can lag a change no signal reports.
"""

import hashlib
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import signals
from django.http import HttpResponse
from django.shortcuts import render
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.utils import timezone, translation

from accounts.models import Country, Organisation, StakeholderCategory
from consultations.models import Consultation, Decision, Question, Submission, SubmissionState, Theme

GENERATION_KEY = "public-record:generation"
BLOCKS = ("head_title", "main_class", "sidebar", "content")


def _generation():
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY)
    return token


def stale():
    """Every cached page of the public record is out of date: now, and again once the change commits.

    Now, so that this process never serves a page it knows to be old; on commit, because a page rendered by
    another process between the two read the database before the change and was stored under the newer token.
    """
    cache.delete(GENERATION_KEY)
    transaction.on_commit(lambda: cache.delete(GENERATION_KEY))


def _key(request, generation):
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"public-record:{generation}:{language}:{timezone.get_current_timezone_name()}:{address}"


def render_blocks(template_name, context):
    """The named blocks of a template, rendered with `context` alone: no request, no user, no CSRF token."""
    template = get_template(template_name).template
    context = Context(context, autoescape=template.engine.autoescape)
    with context.render_context.push_state(template), context.bind_template(template):
        return {
            node.name: node.render(context)
            for node in template.nodelist.get_nodes_by_type(BlockNode)
            if node.name in BLOCKS
        }


def render_page(request, template_name, build):
    """A public page: its blocks from the cache, or from `build()` (a context; it may raise Http404) and kept.

    For a visitor who is not signed in and has no message waiting, the whole page is kept too: the page around
    the blocks is then the same for every such visitor (base.html gives them a language form without a CSRF
    token), and serving it skips the templates altogether."""
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    key = _key(request, _generation()) if seconds else None
    whole_key = f"{key}:whole" if key and _same_for_every_visitor(request) else None
    if whole_key:
        content = cache.get(whole_key)
        if content is not None:
            return HttpResponse(content)
    blocks = cache.get(key) if key else None
    if blocks is None:
        blocks = render_blocks(template_name, build())
        if key:
            cache.set(key, blocks, seconds)
    response = render(request, "consultations/public_page.html", {"blocks": blocks})
    if whole_key:
        cache.set(whole_key, response.content, seconds)
    return response


def _same_for_every_visitor(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    return not len(messages.get_messages(request))  # read, not consumed: they show on this page


def _on_change(sender, **kwargs):
    stale()


def _on_decision(sender, instance, created, **kwargs):
    if created and SubmissionState.ACCEPTED in (instance.from_state, instance.to_state):
        stale()


def _on_submission(sender, instance, **kwargs):
    if instance.state == SubmissionState.ACCEPTED:
        stale()


def connect():
    """Listen to every change of what the public record shows (called once, when the app is ready)."""
    for model in (Consultation, Theme, Question, Organisation, Country, StakeholderCategory):
        signals.post_save.connect(_on_change, sender=model, dispatch_uid=f"public-record-{model.__name__}")
        signals.post_delete.connect(_on_change, sender=model, dispatch_uid=f"public-record-delete-{model.__name__}")
    signals.post_save.connect(_on_decision, sender=Decision, dispatch_uid="public-record-decision")
    signals.post_save.connect(_on_submission, sender=Submission, dispatch_uid="public-record-submission")
    signals.post_delete.connect(_on_submission, sender=Submission, dispatch_uid="public-record-delete-submission")
