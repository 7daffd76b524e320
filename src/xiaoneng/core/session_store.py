"""The session engine (SESSION_ENGINE): Django's database sessions, whose sign-in record
(`SignedInSession`) follows the session to a new key.

Django gives a session a new key when someone signs in and when they change their password
(`update_session_auth_hash`); the database engine then deletes the old row, and the sign-in
record would go with it. Here the record moves to the new key first, so a password change
does not hide the current session from the account's list of sessions.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db

from xiaoneng.core.models import SignedInSession


class SessionStore(db.SessionStore):
    def cycle_key(self) -> None:
        # Django's own cycle_key, with the record moved before the old row is deleted.
        old_key = self.session_key
        data = self._session  # type: ignore[attr-defined]  # SessionBase's property, not in the stubs
        self.create()
        self._session_cache = data
        if old_key:
            SignedInSession.objects.filter(session_id=old_key).update(session_id=self.session_key)
            self.delete(old_key)
