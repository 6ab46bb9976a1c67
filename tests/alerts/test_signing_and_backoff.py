"""Webhook signatures (what a receiver checks) and the retry schedule, without a database."""

from __future__ import annotations

import random

from alerts.services import retry_delay
from alerts.signing import signature, signature_header, signature_valid

BODY = b'{"id":"3f1c","type":"decision.red_flag"}'


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    import hashlib
    import hmac

    expected = hmac.new(b"s3cret", b"1700000000." + BODY, hashlib.sha256).hexdigest()

    assert signature(secret="s3cret", timestamp=1700000000, body=BODY) == expected
    assert signature_header(secret="s3cret", timestamp=1700000000, body=BODY) == f"t=1700000000,v1={expected}"


def test_a_receiver_accepts_a_fresh_signature_and_refuses_tampering_replay_and_wrong_secret() -> None:
    header = signature_header(secret="s3cret", timestamp=1700000000, body=BODY)

    assert signature_valid(secret="s3cret", header=header, body=BODY, now=1700000060)
    assert not signature_valid(secret="s3cret", header=header, body=BODY + b" ", now=1700000060)
    assert not signature_valid(secret="other", header=header, body=BODY, now=1700000060)
    assert not signature_valid(secret="s3cret", header=header, body=BODY, now=1700000000 + 301)
    assert not signature_valid(secret="s3cret", header="v1=abc", body=BODY, now=1700000000)


def test_backoff_grows_exponentially_with_full_jitter_and_a_cap() -> None:
    rng = random.Random(6)
    for attempt, ceiling in [(1, 10), (2, 20), (3, 40), (4, 80), (12, 3600)]:
        delays = [retry_delay(attempt=attempt, base=10, cap=3600, rng=rng) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        # Full jitter: spread over the whole range, not clustered at the ceiling.
        assert min(delays) < ceiling * 0.1
        assert max(delays) > ceiling * 0.9
