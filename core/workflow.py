"""How a status moves: one table type and one mover for every stateful model.

An app states its model's workflow once, in its `workflow.py`, as a `Table`: which action
leads from which state to which state (state × action → next state), the actions' labels,
how a move's history row is written and under which name it is audited. Then:

- `check(table, state, action)` answers the next state, or refuses with `Conflict` (409) and
  a translated message;
- `allowed(table, state)` lists the actions allowed from a state (for buttons and menus);
- `move(obj, action, actor, ...)` does the whole write in the caller's transaction: lock the
  row, check, set the status and the other changed fields, save them with `update_fields`,
  write the history row, the audit entry, and the notices (their outside copies go after the
  commit, `core.notify`). An action never writes that sequence by hand.

An action that gives the object to someone (a case's dispatch to a handler) is named in the
table's `assigns`: `move` refuses it (`Conflict`) when it would change nothing, the object
staying in its state with the one who already has it, so a repeated or racing request
writes no second history row and sends no second notice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core import audit
from core.i18n import site_language
from core.notify import notify
from core.refusal import Conflict

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Step:
    """One move, as a table's history writer gets it (`obj` already holds the new state)."""

    obj: Any
    action: str
    before: str
    after: str
    actor: Any
    note: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Notice:
    """An inbox message a move sends; a lazy `title` or `body` is rendered in the site's
    language and formatted with `params` (plain text, a user's words, is left as it is)."""

    users: Iterable[Any]
    title: Any
    body: Any = ""
    url: str = ""
    params: Mapping[str, Any] | None = None

    def text(self, value: Any) -> str:
        if isinstance(value, Promise):
            return str(value) % self.params if self.params else str(value)
        return str(value)


def _refused(state: str, action: str) -> str:
    return str(_("This cannot be done now (status: %(status)s).") % {"status": state})


@dataclass(frozen=True)
class Table:
    """The workflow of one model: `moves[(state, action)]` is the state `action` leads to.

    `model` is the model's label ("cases.case"): `move` finds the table of an object by it.
    `history(step)` writes the move's history row (None: the model keeps none); `audit` names
    the audit entries ("case.{action}" → "case.dispatch"; None where the action audits the
    move on the object it belongs to); `refused(state, action)` words a refusal;
    `touch` are fields saved with every move (an `auto_now` timestamp); `status_field` is the
    field the table moves. `assigns[action] = (field, message)`: `action` gives the object
    to whoever its `field` names; giving it to the one who has it already, without a change
    of state, is refused with `message` (formatted with `name`, the name of the one named)."""

    model: str
    states: type[models.TextChoices]
    moves: Mapping[tuple[str, str], str]
    labels: Mapping[str, Any] = field(default_factory=dict)
    audit: str | None = "{action}"
    # An action audited under a name of its own ("apply" → "division.plan_applied").
    audit_names: Mapping[str, str] = field(default_factory=dict)
    history: Callable[[Step], Any] | None = None
    refused: Callable[[str, str], str] = _refused
    touch: tuple[str, ...] = ()
    status_field: str = "status"
    assigns: Mapping[str, tuple[str, Any]] = field(default_factory=dict)

    @classmethod
    def by_action(
        cls, model: str, states: type[models.TextChoices], spec: Mapping[str, Any], **options: Any
    ) -> Table:
        """A table from `{action: (states it starts from, state it leads to)}`; a target of
        None keeps the state (the action records something without moving)."""
        moves: dict[tuple[str, str], str] = {}
        for action, (sources, target) in spec.items():
            for source in sources:
                moves[(str(source), action)] = str(source if target is None else target)
        return cls(model, states, moves, **options)

    def __post_init__(self) -> None:
        moves = {(str(s), str(a)): str(t) for (s, a), t in self.moves.items()}
        known = set(self.states.values)
        for (source, action), target in moves.items():
            if source not in known or target not in known:
                raise ValueError(f"{self.model}: {source} -{action}-> {target}: unknown status")
        object.__setattr__(self, "moves", moves)  # plain strings, as read from a row
        for action in self.assigns:
            if action not in {a for _s, a in moves}:
                raise ValueError(f"{self.model}: assigns names an unknown action {action}")
        if self.model:  # a table without a model (a test's) is passed to `move` by hand
            _tables[self.model] = self

    @property
    def actions(self) -> list[str]:
        return list(dict.fromkeys(action for _s, action in self.moves))

    def sources(self, action: str) -> frozenset[str]:
        """The states `action` may start from."""
        return frozenset(s for s, a in self.moves if a == action)

    def label(self, action: str) -> str:
        return str(self.labels.get(action, action))


_tables: dict[str, Table] = {}


def table_of(obj: models.Model | type[models.Model]) -> Table:
    """The table declared for a model (its app's `workflow.py` must have been imported)."""
    return _tables[obj._meta.label_lower]


def tables() -> dict[str, Table]:
    return dict(_tables)


def check(table: Table, state: str, action: str) -> str:
    """The state `action` leads to from `state`, or a `Conflict` saying why not."""
    if action not in table.actions:
        raise KeyError(action)  # a typo in the code, not a refusal
    try:
        return table.moves[(str(state), action)]
    except KeyError:
        raise Conflict(table.refused(str(state), action), "status") from None


def _unchanged(
    table: Table, obj: models.Model, action: str, before: str, values: Mapping[str, Any]
) -> None:
    """Refuse an assigning action that would leave the object as it is (`Table.assigns`)."""
    if action not in table.assigns or values[table.status_field] != before:
        return
    name, message = table.assigns[action]
    if name not in values:
        return
    new = values[name]
    field = obj._meta.get_field(name)
    assert isinstance(field, models.Field)
    new_key = new.pk if isinstance(new, models.Model) else new
    if new_key is not None and getattr(obj, field.attname) == new_key:  # a key: its column
        raise Conflict(str(message) % {"name": getattr(new, "name", "") or new}, name)


def allowed(table: Table, state: str) -> list[str]:
    """The actions allowed from `state`, in the table's order."""
    return [action for (source, action) in table.moves if source == state]


def move(
    obj: M,
    action: str,
    actor: Any,
    *,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    extra: Mapping[str, Any] | None = None,
    audit_changes: Mapping[str, Any] | None = None,
    notices: Iterable[Notice] = (),
    locked: bool = False,
    table: Table | None = None,
) -> M:
    """Move `obj` by `action`: lock its row (unless the caller holds it: `locked`), check the
    table, set the status and `changes`, save them, write history (`note` and `extra` go to
    the table's writer), audit (`audit_changes`, else what changed and the note) and
    `notices`. An assigning action that changes nothing is refused (`Table.assigns`). Refusals and errors leave nothing written (the caller's transaction rolls
    back; without one, this move's own does). The table is the model's unless given."""
    table = table or table_of(obj)
    with transaction.atomic(savepoint=False):
        if not locked:
            obj.refresh_from_db(from_queryset=type(obj)._default_manager.select_for_update())
        before = str(getattr(obj, table.status_field))
        values = {**(changes or {}), table.status_field: check(table, before, action)}
        _unchanged(table, obj, action, before, values)
        # What changed, read before the change, only where the audit entry will say it.
        audited = table.audit is not None and audit_changes is None
        diff = audit.diff(obj, values) if audited else {}
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save(update_fields=[*values, *table.touch])
        step = Step(obj, action, before, values[table.status_field], actor, note, extra or {})
        if table.history is not None:
            table.history(step)
        if table.audit is not None:
            if audit_changes is None:
                audit_changes = diff | ({"note": note} if note else {})
            name = table.audit_names.get(action) or table.audit.format(action=action)
            audit.record(actor, name, obj, dict(audit_changes))
        for notice in notices:
            with site_language():
                notify(
                    notice.users, notice.text(notice.title), notice.text(notice.body), notice.url
                )
    return obj
