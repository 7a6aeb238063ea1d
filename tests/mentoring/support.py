"""Helpers for reading what a learner or a mentor gets back from a request."""

from django.contrib.messages import get_messages
from django.test import Client


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def messages_of(response):
    """Return the texts of the messages a request left for the next page."""
    return [str(message) for message in get_messages(response.wsgi_request)]
