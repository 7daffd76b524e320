"""Workbench pages for certificates, signs, the record book, registers and compliance."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.db.models import BooleanField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from xiaoneng.community import exports, selectors
from xiaoneng.community.dashboard import (
    FIGURES,
    compliance_dashboard,
    dashboard_chart,
    dashboard_sheets,
    figure_labels,
)
from xiaoneng.community.forms import (
    CertificateForm,
    CertificateSearchForm,
    DashboardFilterForm,
    RecordEntryForm,
    ReplyForm,
    SignForm,
)
from xiaoneng.community.models import CertificateOutcome, ForumReply, ForumTopic
from xiaoneng.community.services import certificates as certificate_services
from xiaoneng.community.services import compliance as compliance_services
from xiaoneng.community.services import records as record_services
from xiaoneng.community.services import registers as register_services
from xiaoneng.community.services import selfgov as selfgov_services
from xiaoneng.community.services import signs as sign_services
from xiaoneng.community.views.common import (
    Action,
    Row,
    Table,
    may,
    page,
    post_action,
    require_perm,
    require_view,
    run,
    staff_view,
    url,
)
from xiaoneng.community.views.selfgov import topic_panel
from xiaoneng.community.workflow import AccountabilityStatus
from xiaoneng.core.audit import audit
from xiaoneng.core.documents import DOCX_MIME
from xiaoneng.core.errors import NotFound
from xiaoneng.core.excel import xlsx_response
from xiaoneng.core.masking import mask_id_number
from xiaoneng.core.models import OrganizationKind
from xiaoneng.core.roles import Perm

RECORD, SUPERVISE = Perm.COMMUNITY_RECORD, Perm.COMMUNITY_SUPERVISE


def _own_community(request: HttpRequest):  # type: ignore[no-untyped-def]
    unit = request.user.organization
    if may(request, RECORD) and unit is not None and unit.kind == OrganizationKind.COMMUNITY:
        return unit
    return None


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


@staff_view
def certificates(request: HttpRequest) -> HttpResponse:
    """Rule 7: the seal register; requests are issued or refused with where to go instead."""
    require_view(request)
    user = request.user
    community = _own_community(request)
    form, result = None, None
    if community is not None:
        form = CertificateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            result = run(
                form,
                lambda: certificate_services.certificate_request(
                    actor=user, community=community, **form.cleaned_data
                ),
            )
            if result is not None and result.outcome == CertificateOutcome.ISSUED:
                return redirect(url("certificates") + f"?q={quote(result.number)}")
    filters = CertificateSearchForm(request.GET or None)
    query = filters.cleaned_data.get("q", "") if filters.is_valid() else ""
    year = filters.cleaned_data.get("year") if filters.is_valid() else None
    if request.GET.get("export") == "xlsx":
        register = selectors.certificate_list(user=user, query=query, year=year)
        audit(
            actor=user,
            action="community.certificate.export",
            object_type="community.certificaterequest",
            detail={"rows": register.count()},
        )
        return xlsx_response(_("seal-register.xlsx"), [exports.seal_register_sheet(register)])
    rows: list[Row] = []
    for c in selectors.certificate_list(user=user, query=query, year=year)[:200]:
        link = (
            format_html('<a href="{}">{}</a>', url("certificate_document", c.pk), _("Word"))
            if c.outcome == CertificateOutcome.ISSUED
            else ""
        )
        rows.append(
            Row(
                [
                    c.requested_on,
                    c.community.short_name or c.community.name,
                    c.number,
                    c.resident_name,
                    mask_id_number(c.resident_id_number) if c.resident_id_number else "",
                    certificate_services.certificate_type_label(c.requested_type),
                    c.get_outcome_display(),
                    f"{c.refusal_reason} {c.refer_to}".strip(),
                    link,
                ],
                css="refused" if c.outcome == CertificateOutcome.REFUSED else "",
            )
        )
    warning = []
    if result is not None and result.outcome == CertificateOutcome.REFUSED:
        warning = [
            result.refusal_reason,
            _("Where to go instead: %(where)s") % {"where": result.refer_to},
        ]
    return page(
        request,
        title=_("Seal and certificates"),
        intro=_(
            "Rule 7: the seal certifies only the allowed kinds; never the 20 kinds "
            "of the national list (民发〔2020〕20号) nor anything carrying legal or "
            "economic liability."
        ),
        form=form,
        form_title=_("A resident asks for a certificate"),
        submit=_("Handle the request"),
        warning=warning,
        filters=filters,
        links=[(_("Export to Excel"), f"?export=xlsx&q={quote(query)}")],
        table=Table(
            [
                _("Date"),
                _("Community"),
                _("Number"),
                _("Resident"),
                _("ID number"),
                _("Certificate type"),
                _("Outcome"),
                _("Refusal reason and where to go"),
                _("Print"),
            ],
            rows,
        ),
    )


@staff_view
def certificate_document(request: HttpRequest, pk: int) -> HttpResponse:
    require_view(request)
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    data = certificate_services.certificate_document(certificate=certificate)
    response = HttpResponse(data, content_type=DOCX_MIME)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(certificate.number)}.docx"
    )
    return response


@staff_view
def signs(request: HttpRequest) -> HttpResponse:
    """Rule 3: signs with photos; anything outside the allowed set is flagged for removal."""
    require_view(request)
    user = request.user
    community = _own_community(request)
    form = None
    if community is not None:
        form = SignForm(request.POST or None, request.FILES or None)
        if (
            request.method == "POST"
            and form.is_valid()
            and run(
                form,
                lambda: sign_services.sign_record(
                    actor=user, community=community, **form.cleaned_data
                ),
            )
        ):
            return redirect(url("signs"))
    rows: list[Row] = []
    for s in selectors.sign_list(user=user)[:300]:
        photo = format_html('<a href="{}">{}</a>', s.photo.url, _("Photo")) if s.photo else ""
        actions = (
            [Action(_("Removed"), url("sign_remove", s.pk))]
            if s.is_flagged and s.removed_on is None and community is not None
            else []
        )
        state = (
            _("Removed on %(day)s") % {"day": s.removed_on}
            if s.removed_on
            else (
                _("Flagged for removal: %(why)s") % {"why": s.flag_reason}
                if s.is_flagged
                else pgettext("sign", "Allowed")
            )
        )
        rows.append(
            Row(
                [
                    s.community.short_name or s.community.name,
                    s.get_place_display(),
                    s.room,
                    s.get_kind_display(),
                    s.text,
                    photo,
                    state,
                ],
                actions,
                "refused" if s.is_flagged and not s.removed_on else "",
            )
        )
    return page(
        request,
        title=_("Signs"),
        intro=_(
            "Rule 3: outside only the party organization, the residents' committee, "
            "the service station and the national community mark; one sign per "
            "inner room."
        ),
        form=form,
        form_title=_("Record a sign"),
        submit=_("Record"),
        multipart=True,
        table=Table(
            [_("Community"), _("Place"), _("Room"), _("Kind"), _("Text"), _("Photo"), _("State")],
            rows,
        ),
    )


@staff_view
@require_POST
def sign_remove(request: HttpRequest, pk: int) -> HttpResponse:
    sign = selectors.sign_get(user=request.user, pk=pk)
    return post_action(
        request,
        lambda: sign_services.sign_remove(actor=request.user, sign=sign),
        _("Sign recorded as removed."),
        url("signs"),
    )


@staff_view
def records(request: HttpRequest) -> HttpResponse:
    """Rule 4: the work record book; by year, the electronic archive (Excel export)."""
    require_view(request)
    user = request.user
    community = _own_community(request)
    year = _year(request)
    if request.GET.get("export") == "xlsx":
        entries = selectors.record_list(user=user, year=year)
        audit(
            actor=user,
            action="community.record.export",
            object_type="community.workrecordentry",
            detail={"year": year},
        )
        return xlsx_response(
            _("work-records-%(year)s.xlsx") % {"year": year}, [exports.record_sheet(entries, year)]
        )
    if request.GET.get("export") == "docx" and community is not None:
        audit(
            actor=user,
            action="community.record.export",
            object_type="community.workrecordentry",
            detail={"year": year, "format": "docx"},
        )
        document = exports.record_document(
            community.name, year, selectors.record_list(user=user, year=year, community=community)
        )
        response = HttpResponse(document, content_type=DOCX_MIME)
        filename = quote(f"{community.name}-{year}.docx")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
        return response
    form = None
    if community is not None:
        form = RecordEntryForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("photos", None)
            photos = request.FILES.getlist("photos")
            if run(
                form,
                lambda: record_services.record_entry_create(
                    actor=user, community=community, photos=photos, **data
                ),
            ):
                return redirect(url("records"))
    years = selectors.archive_years(user=user) or [year]
    links = [(str(y), f"?year={y}") for y in years]
    links.append((_("Export %(year)s to Excel") % {"year": year}, f"?year={year}&export=xlsx"))
    if community is not None:
        links.append((_("Export %(year)s to Word") % {"year": year}, f"?year={year}&export=docx"))
    rows: list[Row] = []
    for e in selectors.record_list(user=user, year=year)[:300]:
        photo_links = format_html_join(
            " ",
            '<a href="{}">{}</a>',
            ((p.photo.url, p.original_name or _("Photo")) for p in e.photos.all()),
        )
        rows.append(
            Row(
                [
                    e.entry_on,
                    e.community.short_name or e.community.name,
                    e.get_kind_display(),
                    e.title,
                    e.text,
                    photo_links,
                ]
            )
        )
    return page(
        request,
        title=_("Work record book %(year)s") % {"year": year},
        intro=_(
            "Rule 4: a work record book replaces ledgers; activities and meetings "
            "are kept with photos and text in an electronic archive by year."
        ),
        form=form,
        form_title=_("New entry"),
        submit=_("Save"),
        multipart=True,
        links=links,
        table=Table(
            [_("Date"), _("Community"), _("Kind"), _("Title"), _("Text"), _("Photos")], rows
        ),
    )


@staff_view
def registers(request: HttpRequest) -> HttpResponse:
    """Rules 8 and 9: the registers of self-government and service."""
    require_view(request)
    rows = [
        Row(
            [
                spec.group,
                format_html('<a href="{}">{}</a>', url("register", key), spec.label),
                selectors.register_list(user=request.user, model=spec.model).count(),
            ]
        )
        for key, spec in register_services.REGISTERS.items()
    ]
    return page(
        request,
        title=_("Self-government and service"),
        intro=_(
            "Rule 8: residents' meetings, deliberation, hearings, online forum, "
            "building autonomy. Rule 9: grid responsibility, household visits, agency "
            "services, service pledges, staggered hours, all-day duty and holiday "
            "rotation."
        ),
        table=Table([_("Area"), _("Register"), _("Entries")], rows),
    )


@staff_view
def register(request: HttpRequest, key: str) -> HttpResponse:
    """Rules 8 and 9: self-government and service registers."""
    require_view(request)
    try:
        spec = register_services.register_spec(key)
    except NotFound:
        raise Http404 from None
    user = request.user
    community = _own_community(request)
    form = None
    if community is not None:
        form = register_services.register_form(
            spec, community, request.POST if request.method == "POST" else None
        )
        if (
            request.method == "POST"
            and form.is_valid()
            and run(
                form,
                lambda: register_services.register_entry_create(
                    actor=user, register=key, community=community, data=request.POST
                ),
            )
        ):
            return redirect(url("register", key))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"{key}.xlsx",
            [exports.register_sheet(spec, selectors.register_list(user=user, model=spec.model))],
        )
    headers = [str(getattr(spec.model._meta.get_field(c), "verbose_name", c)) for c in spec.columns]
    rows: list[Row] = []
    for entry in selectors.register_list(user=user, model=spec.model)[:300]:
        cells = [exports.register_row_dict(spec, entry).get(c, "") for c in spec.columns]
        actions: list[Action] = []
        if key == "forum":
            cells[0] = format_html('<a href="{}">{}</a>', url("forum_topic", entry.pk), cells[0])
        if key == "deliberations" and community is not None and not entry.is_outcome_published:
            actions.append(
                Action(
                    _("Publish the outcome"),
                    url("deliberation_outcome", entry.pk),
                    ask=_("Outcome of the deliberation"),
                )
            )
        if community is not None and key != "forum":
            actions.append(Action(_("Correct"), url("register_correct", key, entry.pk), link=True))
        rows.append(Row(cells, actions))
    return page(
        request,
        title=str(spec.label),
        form=form,
        form_title=_("New entry"),
        submit=_("Save"),
        links=[(_("Export to Excel"), "?export=xlsx")],
        table=Table(headers, rows),
    )


class _CorrectionReason(forms.Form):
    # not "reason": some registers have a field of that name
    correction_reason = forms.CharField(label=_lazy("Reason for the correction"), max_length=200)


@staff_view
def register_correct(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Rule 10 (item 10 of the registers): an entry is corrected, not only added — the form
    holds its current values; the previous values, the reason and who corrected are kept in its
    history (`RegisterCorrection`) and audited. Only the community's own staff correct."""
    require_view(request)
    try:
        spec = register_services.register_spec(key)
    except NotFound:
        raise Http404 from None
    community = _own_community(request)
    if community is None or key == "forum" or not may(request, RECORD):
        raise Http404
    try:
        entry = selectors.register_entry_get(user=request.user, model=spec.model, pk=pk)
    except NotFound:
        raise Http404 from None
    if getattr(entry, "community_id", None) != community.pk:
        raise Http404
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        for name in spec.fields:  # an unticked box is not sent: it means "no" here
            if isinstance(spec.model._meta.get_field(name), BooleanField):
                data.setdefault(name, "")
    form = register_services.register_form(spec, community, data, instance=entry)
    form.fields.pop("attachment", None)  # an attachment is replaced by a new entry
    form.fields["correction_reason"] = _CorrectionReason().fields["correction_reason"]
    if (
        request.method == "POST"
        and data is not None
        and form.is_valid()
        and run(
            form,
            lambda: register_services.register_entry_correct(
                actor=request.user,
                register=key,
                entry=entry,
                data=data,
                reason=data.get("correction_reason", ""),
            ),
        )
    ):
        messages.success(request, _("The correction was saved; the previous values are kept."))
        return redirect(url("register", key))
    labels = {
        name: str(getattr(spec.model._meta.get_field(name), "verbose_name", name))
        for name in spec.fields
    }
    history = [
        Row(
            [
                timezone.localtime(c.corrected_at).strftime("%Y-%m-%d %H:%M"),
                c.corrected_by.get_full_name() or c.corrected_by.username,
                "；".join(
                    f"{labels.get(k, k)}：{c.previous.get(k) if c.previous.get(k) not in (None, '') else '—'}"
                    f" → {v if v not in (None, '') else '—'}"
                    for k, v in c.corrected.items()
                ),
                c.reason,
            ]
        )
        for c in selectors.correction_history(register=spec.key, entry_id=entry.pk)
    ]
    return page(
        request,
        title=_("Correct an entry: %(register)s") % {"register": spec.label},
        intro=_("The previous values and the reason are kept in the entry's history."),
        form=form,
        form_title=str(entry),
        submit=_("Save the correction"),
        links=[(_("Back to the register"), url("register", key))],
        table=Table(
            [_("Corrected at"), _("Corrected by"), _("Changes"), _("Reason")],
            history,
            empty=_("Not corrected yet."),
        ),
    )


@staff_view
def forum_topic(request: HttpRequest, pk: int) -> HttpResponse:
    require_view(request)
    user = request.user
    topic = selectors.register_list(user=user, model=ForumTopic).filter(pk=pk).first()
    if topic is None:
        raise Http404
    form = ReplyForm(request.POST or None) if may(request, RECORD) else None
    if (
        request.method == "POST"
        and form is not None
        and form.is_valid()
        and run(
            form,
            lambda: selfgov_services.forum_reply_add(actor=user, topic=topic, **form.cleaned_data),
        )
    ):
        return redirect(url("forum_topic", pk))
    rows = [
        Row(
            [topic.author_name, topic.body, _("Hidden") if topic.is_hidden else ""],
            [Action(_("Hide"), url("forum_moderate", topic.pk), ask=_("Reason"), style="danger")]
            if not topic.is_hidden and form
            else [],
        )
    ]
    for reply in topic.replies.all():
        rows.append(
            Row(
                [reply.author_name, reply.body, _("Hidden") if reply.is_hidden else ""],
                [
                    Action(
                        _("Hide"),
                        url("forum_moderate", topic.pk),
                        {"reply": reply.pk},
                        ask=_("Reason"),
                        style="danger",
                    )
                ]
                if not reply.is_hidden and form
                else [],
            )
        )
    return page(
        request,
        title=topic.title,
        extra=topic_panel(request, topic, may_record=form is not None),
        form=form,
        form_title=_("Reply"),
        submit=_("Reply"),
        table=Table([_("Author"), _("Text"), _("Moderation")], rows),
    )


@staff_view
@require_POST
def forum_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, RECORD)
    topic = selectors.register_list(user=request.user, model=ForumTopic).filter(pk=pk).first()
    if topic is None:
        raise Http404
    reply = ForumReply.objects.filter(pk=request.POST.get("reply") or 0, topic=topic).first()
    return post_action(
        request,
        lambda: selfgov_services.forum_moderate(
            actor=request.user,
            topic=topic,
            reply=reply,
            hide=True,
            note=request.POST.get("text", ""),
        ),
        _("Hidden."),
        url("forum_topic", pk),
    )


@staff_view
def violations(request: HttpRequest) -> HttpResponse:
    """Rule 10: violations and the accountability that follows, to closure."""
    require_view(request)
    user = request.user
    today = timezone.localdate()
    rows: list[Row] = []
    for v in selectors.violation_list(user=user)[:300]:
        record = getattr(v, "accountability", None)
        actions: list[Action] = []
        if record is None and may(request, SUPERVISE):
            actions = [
                Action(
                    _("Hold to account"),
                    url("accountability_open", v.pk),
                    ask=_("Rectification required"),
                )
            ]
        elif record is not None:
            if record.status == AccountabilityStatus.OPEN and may(
                request, RECORD, Perm.COMMUNITY_APPROVE
            ):
                actions = [
                    Action(
                        _("Report rectification"),
                        url("accountability_rectify", record.pk),
                        ask=_("What was put right"),
                    )
                ]
            if record.status == AccountabilityStatus.RECTIFIED and may(request, SUPERVISE):
                actions = [
                    Action(
                        _("Accept and close"),
                        url("accountability_close", record.pk),
                        {"accepted": "1"},
                    ),
                    Action(
                        _("Send back"),
                        url("accountability_close", record.pk),
                        {"accepted": "0"},
                        ask=_("Why"),
                        style="danger",
                    ),
                ]
        state = ""
        if record is not None:
            state = _("%(status)s, rectify by %(due)s") % {
                "status": record.get_status_display(),
                "due": record.due_on,
            }
            if compliance_services.accountability_is_overdue(record, today):
                state = format_html('{} <span class="light red">{}</span>', state, _("Overdue"))
        rows.append(
            Row(
                [
                    v.occurred_on,
                    v.get_rule_display(),
                    v.offender.name,
                    v.community.name if v.community else "",
                    v.description,
                    state,
                ],
                actions,
            )
        )
    return page(
        request,
        title=_("Violations and accountability"),
        intro=_(
            "Rule 10: violations of the ten rules are held to account with a "
            "deadline for rectification, in working days."
        ),
        table=Table(
            [
                _("Date"),
                _("Rule"),
                _("Responsible unit"),
                _("Community"),
                pgettext("violation", "What happened"),
                _("Accountability"),
            ],
            rows,
        ),
    )


@staff_view
@require_POST
def accountability_open(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, SUPERVISE)
    violation = selectors.violation_get(user=request.user, pk=pk)
    return post_action(
        request,
        lambda: compliance_services.accountability_open(
            actor=request.user, violation=violation, instruction=request.POST.get("text", "")
        ),
        _("Rectification ordered."),
        url("violations"),
    )


@staff_view
@require_POST
def accountability_rectify(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.accountability_get(user=request.user, pk=pk)
    return post_action(
        request,
        lambda: compliance_services.accountability_report_rectification(
            actor=request.user, record=record, rectification=request.POST.get("text", "")
        ),
        _("Rectification reported."),
        url("violations"),
    )


@staff_view
@require_POST
def accountability_close(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.accountability_get(user=request.user, pk=pk)
    return post_action(
        request,
        lambda: compliance_services.accountability_close(
            actor=request.user,
            record=record,
            accepted=request.POST.get("accepted") == "1",
            note=request.POST.get("text", ""),
        ),
        _("Decision recorded."),
        url("violations"),
    )


@staff_view
def dashboard(request: HttpRequest) -> HttpResponse:
    """Rule 10: per street and per community, the figures of the ten rules; the totals first."""
    require_view(request)
    form = DashboardFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else getattr(form, "cleaned_data", {})
    year = data.get("year") or timezone.localdate().year
    within = data.get("organization")
    board = compliance_dashboard(user=request.user, year=year, within=within)
    scope = {"year": str(year), **({"organization": str(within.pk)} if within else {})}
    if request.GET.get("export") == "xlsx":
        audit(
            actor=request.user,
            action="community.dashboard.export",
            object_type="community.violation",
            detail={"year": year, "organization": within.pk if within else None},
        )
        return xlsx_response(
            _("community-compliance-%(year)s.xlsx") % {"year": year}, dashboard_sheets(board)
        )
    labels = figure_labels()
    headers = [_("Unit"), *[labels[n] for n in FIGURES]]

    def rows(items):  # type: ignore[no-untyped-def]
        return [
            Row([r.organization.name, *r.values], css="over-quota" if r.get("violations") else "")
            for r in items
        ]

    totals = board.totals
    return render(
        request,
        "community/dashboard.html",
        {
            "year": year,
            "form": form,
            "summary": [(name, labels[name], totals[name]) for name in FIGURES],
            "chart": dashboard_chart(board) if board.streets else "",
            "streets": Table(headers, rows(board.streets)),
            "communities": Table(headers, rows(board.communities)),
            "previous_query": urlencode({**scope, "year": str(year - 1)}),
            "next_query": urlencode({**scope, "year": str(year + 1)}),
            "export_query": urlencode({**scope, "export": "xlsx"}),
        },
    )
