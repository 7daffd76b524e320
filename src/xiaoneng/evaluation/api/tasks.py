"""Supervision tasks, documents, rectification notices, inspection visits and findings."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xiaoneng.core.audit import audit
from xiaoneng.core.documents import DOCX_MIME
from xiaoneng.core.errors import NotFound
from xiaoneng.evaluation.api.common import OrganizationField, StaffField, query_int
from xiaoneng.evaluation.models import (
    DocumentKind,
    FindingKind,
    Handling,
    Milestone,
    RectificationNotice,
    SupervisionTask,
    TaskSource,
    VisitMode,
)
from xiaoneng.evaluation.selectors import tasks as selectors
from xiaoneng.evaluation.services import inspections, tasks
from xiaoneng.evaluation.workflow import TaskStatus


class TaskSerializer(serializers.ModelSerializer):
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True)
    milestones = serializers.SerializerMethodField()

    class Meta:
        model = SupervisionTask
        fields = [
            "id",
            "number",
            "title",
            "source",
            "plan",
            "goal",
            "deadline",
            "owner",
            "lead_unit",
            "lead_unit_name",
            "responsible_units",
            "status",
            "completed_on",
            "milestones",
        ]

    def get_milestones(self, obj: SupervisionTask) -> list[dict]:
        return [
            {"id": m.pk, "title": m.title, "due_on": m.due_on, "done_on": m.done_on}
            for m in obj.milestones.all()
        ]


class MilestoneInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class TaskInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    source = serializers.ChoiceField(choices=TaskSource.choices)  # type: ignore[assignment]
    goal = serializers.CharField()
    deadline = serializers.DateField()
    owner = OrganizationField()
    lead_unit = OrganizationField()
    responsible_units = serializers.ListField(child=OrganizationField(), required=False)
    milestones = MilestoneInput(many=True, required=False)


class TaskListView(APIView):
    def get(self, request: Request) -> Response:
        queryset = selectors.task_list(user=request.user).prefetch_related(
            "milestones", "responsible_units"
        )
        if request.query_params.get("overdue") == "1":
            queryset = queryset & selectors.tasks_overdue(
                user=request.user, on=timezone.localdate()
            )
        return Response(TaskSerializer(queryset, many=True).data)

    def post(self, request: Request) -> Response:
        data = TaskInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["milestones"] = [(m["title"], m["due_on"]) for m in values.get("milestones", [])]
        task = tasks.task_create(actor=request.user, **values)
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


class TaskProgressView(APIView):
    class Input(serializers.Serializer):
        unit = OrganizationField()
        percent_done = serializers.IntegerField(min_value=0, max_value=100)
        text = serializers.CharField()

    def post(self, request: Request, pk: int) -> Response:
        task = selectors.task_get_for_user(user=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        report = tasks.task_report_progress(actor=request.user, task=task, **data.validated_data)
        return Response({"id": report.pk}, status=status.HTTP_201_CREATED)


class TaskStatusView(APIView):
    class Input(serializers.Serializer):
        status = serializers.ChoiceField(choices=TaskStatus.choices)

    def post(self, request: Request, pk: int) -> Response:
        task = selectors.task_get_for_user(user=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        tasks.task_set_status(actor=request.user, task=task, **data.validated_data)
        return Response(TaskSerializer(task).data)


class DocumentListView(APIView):
    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=[DocumentKind.CIRCULAR, DocumentKind.LEADER_REPORT])
        title = serializers.CharField(max_length=200)
        body = serializers.CharField()
        owner = OrganizationField()
        recipient = serializers.CharField(required=False, allow_blank=True)

    def get(self, request: Request) -> Response:
        return Response(
            [
                {
                    "id": d.pk,
                    "kind": d.kind,
                    "number": d.number,
                    "title": d.title,
                    "issued_on": d.issued_on,
                }
                for d in selectors.documents_list(user=request.user)
            ]
        )

    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        document = tasks.document_issue(actor=request.user, **data.validated_data)
        return Response(
            {"id": document.pk, "number": document.number}, status=status.HTTP_201_CREATED
        )


class DocumentWordView(APIView):
    def get(self, request: Request, pk: int) -> HttpResponse:
        document = selectors.document_get_for_user(user=request.user, pk=pk)
        audit(actor=request.user, action="task.document.download", obj=document)
        response = HttpResponse(tasks.document_render(document), content_type=DOCX_MIME)
        response["Content-Disposition"] = f'attachment; filename="document-{document.pk}.docx"'
        return response


class NoticeListView(APIView):
    class Input(serializers.Serializer):
        unit = OrganizationField()
        problem = serializers.CharField()
        deadline = serializers.DateField()
        owner = OrganizationField()

    def get(self, request: Request) -> Response:
        return Response(
            [
                {
                    "id": n.pk,
                    "number": n.document.number,
                    "unit": n.unit.name,
                    "deadline": n.deadline,
                    "status": n.status,
                }
                for n in selectors.notices_list(user=request.user)
            ]
        )

    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        notice = tasks.notice_issue(actor=request.user, **data.validated_data)
        return Response(
            {"id": notice.pk, "number": notice.document.number}, status=status.HTTP_201_CREATED
        )


def _notice(request: Request, pk: int) -> RectificationNotice:
    notice = selectors.notices_list(user=request.user).filter(pk=pk).first()
    if notice is None:
        raise NotFound(_("No such rectification notice."), field="notice")
    return notice


class NoticeReportView(APIView):
    class Input(serializers.Serializer):
        rectification = serializers.CharField()

    def post(self, request: Request, pk: int) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        notice = tasks.notice_report(
            actor=request.user, notice=_notice(request, pk), **data.validated_data
        )
        return Response({"id": notice.pk, "status": notice.status})


class NoticeVerifyView(APIView):
    class Input(serializers.Serializer):
        is_accepted = serializers.BooleanField()
        verification = serializers.CharField()

    def post(self, request: Request, pk: int) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        notice = tasks.notice_verify(
            actor=request.user, notice=_notice(request, pk), **data.validated_data
        )
        return Response({"id": notice.pk, "status": notice.status})


class VisitListView(APIView):
    class Input(serializers.Serializer):
        owner = OrganizationField()
        visited_on = serializers.DateField()
        mode = serializers.ChoiceField(choices=VisitMode.choices)
        units = serializers.ListField(child=OrganizationField(), allow_empty=False)
        inspectors = serializers.ListField(child=StaffField(), allow_empty=False)
        notes = serializers.CharField(required=False, allow_blank=True)

    def get(self, request: Request) -> Response:
        return Response(
            [
                {
                    "id": v.pk,
                    "visited_on": v.visited_on,
                    "mode": v.mode,
                    "units": [u.name for u in v.units.all()],
                    "findings": v.findings.count(),
                }
                for v in selectors.visit_list(user=request.user)
            ]
        )

    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        visit = inspections.visit_record(actor=request.user, **data.validated_data)
        return Response({"id": visit.pk}, status=status.HTTP_201_CREATED)


class FindingListView(APIView):
    class Input(serializers.Serializer):
        unit = OrganizationField()
        kind = serializers.ChoiceField(choices=FindingKind.choices)
        person = StaffField(required=False, allow_null=True)
        person_name = serializers.CharField(required=False, allow_blank=True)
        description = serializers.CharField(required=False, allow_blank=True)

    def post(self, request: Request, pk: int) -> Response:
        visit = selectors.visit_get_for_user(user=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        finding = inspections.finding_record(actor=request.user, visit=visit, **data.validated_data)
        return Response({"id": finding.pk}, status=status.HTTP_201_CREATED)


class FindingHandleView(APIView):
    class Input(serializers.Serializer):
        handling = serializers.ChoiceField(choices=[Handling.EFFICIENCY_WARNING, Handling.OTHER])
        note = serializers.CharField(required=False, allow_blank=True)

    def post(self, request: Request, pk: int) -> Response:
        finding = selectors.findings_list(user=request.user).filter(pk=pk).first()
        if finding is None:
            raise NotFound(_("No such finding."), field="finding")
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        finding = inspections.finding_handle(
            actor=request.user, finding=finding, **data.validated_data
        )
        return Response(
            {"id": finding.pk, "handling": finding.handling, "warning_ref": finding.warning_ref}
        )


class FindingCountsView(APIView):
    def get(self, request: Request) -> Response:
        year = query_int(request.query_params.get("year"), "year")
        return Response(selectors.finding_counts(user=request.user, year=year))


class MilestoneDoneView(APIView):
    class Input(serializers.Serializer):
        done_on = serializers.DateField(required=False)

    def post(self, request: Request, pk: int) -> Response:
        milestone = (
            Milestone.objects.select_related("task")
            .filter(pk=pk, task__in=selectors.task_list(user=request.user))
            .first()
        )
        if milestone is None:
            raise NotFound(_("No such milestone."), field="milestone")
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        tasks.milestone_done(
            actor=request.user,
            milestone=milestone,
            done_on=data.validated_data.get("done_on") or timezone.localdate(),
        )
        return Response({"id": milestone.pk, "done_on": milestone.done_on})
