"""The default Word template of the situation report, with docxtpl (Jinja) fields.

The narrative is plain text in the template: the efficiency office edits it in Word and uploads
its own copy (services.report_template_upload); only the figures are fields ({{ cases_closed }}
…, names as in figures.SituationFigures). The default template is built here with python-docx
when first needed (`xiaoneng report --write-template FILE` writes it out for editing), so the
repository holds no binary to keep in step with the code.
"""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt

from xiaoneng.reports.layout import add, page_setup

TEMPLATE_SECTIONS: list[tuple[str, str]] = [
    (
        "XN Body",
        "{{ start }}至{{ end }}，{{ issuer }}把提高机关服务效能、优化发展环境作为建设效能政府的"
        "重要举措，深化机关作风建设，推进行政审批制度改革，加大效能督查力度。现将有关情况汇报如下。",
    ),
    ("XN Heading 1", "一、转变机关作风，提高服务质量"),
    (
        "XN Body",
        "组织机关工作人员轮岗交流，{{ rotation_units }}个单位在同一岗位上工作满5年以上的"
        "{{ rotations }}名机关人员进行了岗位轮换，其中科级干部{{ rotations_section_level }}名、"
        "一般干部{{ rotations_ordinary }}名。",
    ),
    (
        "XN Body",
        "各级效能办不定期开展明察暗访，对机关人员在岗履职、工作纪律和行政效能等情况进行督查。"
        "期间组织明察暗访{{ inspection_visits }}次，查实违反机关规章制度和工作纪律的机关人员"
        "{{ inspection_staff_found }}名，其中实施效能告诫{{ inspection_warnings }}名。"
        "期间共发生违反办件时限规则{{ breaches }}起，实施效能告诫{{ warnings_issued }}人次。",
    ),
    ("XN Heading 2", "（一）效能告诫分布"),
    (
        "XN Body",
        "{%p for row in warnings_by_unit %}",
    ),
    ("XN Body", "{{ loop.index }}. {{ row.unit }}：效能告诫{{ row.count }}人次。"),
    ("XN Body", "{%p endfor %}"),
    ("XN Heading 1", "二、强化效能督查，推进效能建设"),
    (
        "XN Body",
        "围绕重大决策部署、社会热点难点问题和机关服务效能开展督查。期间立项督查事项"
        "{{ tasks_created }}项；截至{{ as_of }}，逾期未办结的督查事项{{ tasks_overdue }}项。",
    ),
    (
        "XN Body",
        "开辟效能建设专栏、专题节目，通过《简报》等载体刊发工作信息，期间编发工作简报"
        "{{ bulletins_issued }}期，各类媒体共刊发稿件{{ media_items }}篇。",
    ),
    (
        "XN Body",
        "组织效能监督员和新闻媒体参与舆论和社会监督，截至{{ as_of }}在聘效能监督员"
        "{{ monitors_serving }}名；期间收到效能监督员意见和媒体反映问题{{ monitor_observations }}件，"
        "其中媒体反映{{ observations_from_media }}件，转责任单位办理{{ observations_forwarded }}件，"
        "按期答复{{ observations_replied_on_time }}件。",
    ),
    ("XN Heading 1", "三、创新服务方式，提高服务效能"),
    ("XN Heading 2", "（一）规范审批事项"),
    (
        "XN Body",
        "在用政务服务事项{{ items }}项，承诺时限为法定时限的{{ compression_rate }}%，"
        "其中{{ items_cut_by_two_thirds }}项承诺时限比法定时限缩减三分之二以上。",
    ),
    ("XN Heading 2", "（二）联审联办"),
    (
        "XN Body",
        "对招商引资项目实施快速联审、跟踪督办服务，期间召开各类项目协调会和联审联办会"
        "{{ project_meetings }}场次，解决了{{ projects_helped }}个项目落地的具体问题，共"
        "{{ project_problems_solved }}个；项目业主反映的矛盾纠纷和问题已解决"
        "{{ project_disputes_resolved }}起。",
    ),
    ("XN Heading 2", "（三）办件时效"),
    ("XN Heading 3", "1. 按时办结"),
    (
        "XN Body",
        "期间办结办件{{ cases_closed }}件，按时办结率{{ case_on_time_rate }}%，提前办结率"
        "{{ case_early_rate }}%，平均用时{{ average_workdays_used }}个工作日；截至期末仍在办且已"
        "超期的办件{{ cases_open_overdue }}件。",
    ),
    ("XN Heading 3", "2. 否定报备"),
    ("XN Body", "不予受理、不予许可的办件均实行否定报备，共报备{{ refusal_filings }}件。"),
    ("XN Heading 1", "四、加大效能投诉查处力度，优化发展环境"),
    (
        "XN Body",
        "各级效能投诉中心累计受理各类投诉{{ complaints_received }}件，应办结{{ complaints_due }}件，"
        "已办结{{ complaints_closed }}件，办结率{{ complaint_closure_rate }}%。收到服务评价"
        "{{ ratings_received }}条，满意率{{ rating_satisfaction_rate }}%。",
    ),
    (
        "XN Body",
        "开展机关效能和发展环境调查{{ surveys }}项，调查企业{{ survey_enterprises }}家，"
        "发放调查问卷{{ questionnaires_issued }}份，回收{{ questionnaires_returned }}份。",
    ),
    (
        "XN Body",
        "督促和指导行政部门、单位建立健全机关效能建设八项制度并报效能办备案，截至{{ as_of }}，"
        "{{ rule_filing_units }}个单位中尚有{{ rule_filing_units_missing }}个单位的制度未备案通过。"
        "落实效能办监测联系企业制度，期间监测联系企业反映问题{{ enterprise_problems }}件，"
        "责任单位已答复{{ enterprise_problems_replied }}件，其中按期答复"
        "{{ enterprise_problems_replied_on_time }}件，按期答复率{{ enterprise_problems_on_time_rate }}%，"
        "逾期未答复{{ enterprise_problems_overdue }}件，企业满意率{{ enterprise_satisfaction_rate }}%；"
        "走访企业{{ enterprise_visits }}次，召开企业座谈会{{ enterprise_symposia }}场。",
    ),
    (
        "XN Body",
        "组织开展企业税费等专项清理整治，调查企业{{ campaign_enterprises_investigated }}家，"
        "查出问题{{ campaign_findings }}个，已整改{{ campaign_findings_rectified }}个，"
        "清退不合理收费{{ campaign_amount_refunded }}元。",
    ),
    ("XN Heading 1", "五、减轻社区负担，增强社区服务效能"),
    (
        "XN Body",
        "落实减轻社区负担十项规定，期间发现违反规定行为{{ community_violations }}起，已责令"
        "限期整改{{ community_accountability_open }}起、整改完毕{{ community_accountability_closed }}"
        "起；未经准入审批要求社区填报的台账报表{{ community_ledgers_unapproved }}件，撤除纸质台账"
        "{{ community_paper_ledgers_removed }}本。社区受理居民诉求{{ community_requests }}件，"
        "答复率{{ community_requests_answer_rate }}%。",
    ),
    ("XN Body", ""),
    ("XN Signature", "{{ issuer }}"),
    ("XN Signature", "{{ dated }}"),
]


def default_template() -> bytes:
    """The default report template as a .docx with docxtpl fields."""
    doc = Document()
    page_setup(doc)
    add(doc, "XN Title", "{{ title }}")
    add(doc, "XN Body", "")
    for style, text in TEMPLATE_SECTIONS:
        paragraph = add(doc, style, text)
        if style == "XN Signature":
            paragraph.paragraph_format.right_indent = Pt(16 * 4)  # 右空四字
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
