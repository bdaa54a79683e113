"""Logins behind a load balancer: the client's address comes from the trusted
proxy's X-Forwarded-For, and failures lock out one account from one address."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the load balancer: REMOTE_ADDR of every request
CLIENT_A, CLIENT_B = "203.0.113.7", "198.51.100.20"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    make_user(superuser=True, username="admin")


def login(forwarded_for: str, password: str) -> int:
    """A login through the proxy, which appends the peer to X-Forwarded-For."""
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    return client.post(reverse("admin:login"), {"username": "admin", "password": password}).status_code


def test_failures_from_one_client_do_not_lock_the_account_out_for_another(settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(CLIENT_A, "wrong")
    assert login(CLIENT_A, "pw") == 429
    assert login(CLIENT_B, "pw") == 302


def test_a_forged_forwarded_for_cannot_pick_the_clients_address(settings):
    # The attacker at A sends "X-Forwarded-For: B"; the proxy appends A.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(f"{CLIENT_B}, {CLIENT_A}", "wrong")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}
    assert login(CLIENT_B, "pw") == 302


def test_tries_during_a_lockout_do_not_restart_it(settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(CLIENT_A, "wrong")
    locked_at = AccessAttempt.objects.get().attempt_time
    login(CLIENT_A, "wrong")
    assert AccessAttempt.objects.get().attempt_time == locked_at


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 0
    login(CLIENT_A, "wrong")
    assert AccessAttempt.objects.get().ip_address == PROXY


def test_a_request_that_bypassed_the_proxies_is_keyed_on_its_own_address(settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 2
    login(CLIENT_A, "wrong")
    assert AccessAttempt.objects.get().ip_address == PROXY


def test_with_two_proxies_the_address_the_outer_one_saw_counts(settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 2
    login(f"{CLIENT_B}, {CLIENT_A}, 10.0.0.9", "wrong")
    assert AccessAttempt.objects.get().ip_address == CLIENT_A
