from django.dispatch import Signal

# A request refused with 429 Too Many Requests, by the posting limits or allauth's own (web.security); sent with
# `request`. accounts listens, to write refused sign-in attempts in the sign-in log.
request_refused = Signal()
