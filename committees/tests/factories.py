"""Test data for committees: members on a branch's roll and a recorded election."""

from __future__ import annotations

import datetime
from typing import Any

from members.choices import Category
from members.tests.factories import MemberFactory
from organizations.models import Organization

from ..models import Term
from ..rules import Post
from ..services.terms import ElectedPost, term_record_election

COMMITTEE_POSTS = [Post.SECRETARY, Post.DEPUTY, Post.ORGANIZATION, Post.PUBLICITY, Post.DISCIPLINE,
                   Post.YOUTH, Post.UNITED_FRONT]


def roll(org: Organization, full: int, probationary: int = 0) -> list:
    """`full` full members (and some probationary ones) on the branch's roll."""
    members = [MemberFactory(organization=org) for _ in range(full)]
    members += [MemberFactory(organization=org, category=Category.PROBATIONARY, full_member_date=None)
                for _ in range(probationary)]
    return members


def elect(org: Organization, members: list, *, on: datetime.date, posts: int | None = None, actor: Any = None,
          **extra: Any) -> Term:
    """Record an election with the first `posts` members in the usual posts order."""
    n = posts if posts is not None else (3 if len(members) >= 7 else 1)
    elected = [ElectedPost(member=m, post=COMMITTEE_POSTS[i]) for i, m in enumerate(members[:n])]
    extra.setdefault("entitled", len(members))
    extra.setdefault("present", len(members))
    return term_record_election(organization=org, actor=actor, elected_on=on, posts=elected, **extra)
