"""Back-office (Django admin) changes write the same audit entries as the actions do:
who, what, old → new, with personal numbers masked and password hashes never logged."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest

from core import audit
from core.masking import mask_id_number, mask_phone

MASKED = {"phone": mask_phone, "id_number": mask_id_number}
HIDDEN = frozenset({"password", "key_hash"})


def _value(field: str, value: Any) -> Any:
    if field in HIDDEN:
        return "***"
    value = audit._plain(value)
    if field in MASKED and isinstance(value, str):
        return MASKED[field](value)
    return value


def _action(obj: models.Model, verb: str) -> str:
    return f"admin.{obj._meta.label_lower}.{verb}"


def _concrete(obj: models.Model) -> dict[str, Any]:
    """The stored values of `obj` by field name (a foreign key under its name, with the
    related row's key as value), as update entries name them."""
    return {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key}


def record_save(request: HttpRequest, obj: models.Model, changed: list[str], old: Any) -> None:
    """Audit one saved object: all fields of a new one, the changed fields of an old one."""
    if old is None:
        changes = {f: [None, _value(f, v)] for f, v in _concrete(obj).items()}
        changes = {f: v for f, v in changes.items() if v[1] not in (None, "", [], {})}
        audit.record(request.user, _action(obj, "create"), obj, changes)
        return
    names = {f.name: f.attname for f in obj._meta.concrete_fields}
    changes = {}
    for name in changed:
        attname = names.get(name)
        if attname is None:
            continue  # many-to-many or a form-only field
        before, after = getattr(old, attname), getattr(obj, attname)
        if before != after:
            changes[name] = [_value(name, before), _value(name, after)]
    if changes:
        audit.record(request.user, _action(obj, "update"), obj, changes)


def record_delete(request: HttpRequest, obj: models.Model) -> None:
    changes = {f: [_value(f, v), None] for f, v in _concrete(obj).items()}
    audit.record(request.user, _action(obj, "delete"), obj, changes)


def _old(obj: models.Model) -> models.Model | None:
    if obj.pk is None or obj._state.adding:
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).first()


def _m2m_values(obj: models.Model, names: list[str]) -> dict[str, list[str]]:
    if obj.pk is None:
        return {name: [] for name in names}
    return {
        name: sorted(str(pk) for pk in getattr(obj, name).values_list("pk", flat=True))
        for name in names
    }


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves, deletions, many-to-many and inline changes are audited.
    Every ModelAdmin of linli derives from it (a test walks the admin registry); a read-only
    one derives from `ReadOnlyAdmin`."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            old = _old(obj) if change else None
            super().save_model(request, obj, form, change)
            record_save(request, obj, list(form.changed_data), old)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        obj = form.instance
        names = [
            f.name
            for f in obj._meta.many_to_many
            if f.name in form.changed_data and f.name in form.fields
        ]
        with transaction.atomic():
            before = _m2m_values(obj, names) if change else {n: [] for n in names}
            super().save_related(request, form, formsets, change)
            after = _m2m_values(obj, names)
            changes = {n: [before[n], after[n]] for n in names if before[n] != after[n]}
            if changes:
                audit.record(request.user, _action(obj, "update"), obj, changes)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            record_delete(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                record_delete(request, obj)
            super().delete_queryset(request, queryset)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseFormSet, change: bool
    ) -> None:
        with transaction.atomic():
            olds = {
                f.instance.pk: _old(f.instance)
                for f in formset.forms  # type: ignore[attr-defined]
                if f.instance.pk is not None and f.has_changed()
            }
            deleted = [f.instance for f in formset.deleted_forms]  # type: ignore[attr-defined]
            for obj in deleted:
                if obj.pk is not None:
                    record_delete(request, obj)
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:  # type: ignore[attr-defined]
                record_save(request, obj, [], None)
            for obj, changed in formset.changed_objects:  # type: ignore[attr-defined]
                record_save(request, obj, list(changed), olds.get(obj.pk))


class ReadOnlyAdmin(AuditedAdmin):
    """Shown in the back office, changed only through actions (pages, API, commands)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
