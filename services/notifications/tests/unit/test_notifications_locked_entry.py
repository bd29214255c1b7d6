"""An entry locked beforehand stands for one recipient only: notices to several are refused
before anything is written."""

from __future__ import annotations

from typing import Any, cast
from uuid import uuid4

import pytest

from wir_contracts.notifications.v1 import RecipientKind
from wir_notifications.commands.notifications import notify
from wir_notifications.db.recipients import Entry
from wir_notifications.domain.notices import Notice


async def test_an_entry_locked_beforehand_is_refused_for_notices_to_several_recipients() -> None:
    notices = [Notice("welcome", RecipientKind.PERSON, uuid4()) for _ in range(2)]
    untouched = cast(Any, None)  # the transaction: refused before any statement
    with pytest.raises(ValueError, match="one recipient"):
        await notify(untouched, untouched, untouched, notices, locked=Entry(False, True, None))
