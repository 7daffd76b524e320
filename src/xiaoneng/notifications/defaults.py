"""The templates shipped with xiaoneng, in Chinese (data, like the catalog's item names).

The system administrator overrides any of them in the workbench; deleting the override brings
the default back. Placeholders are those of `kinds.PLACEHOLDERS`.
"""

from __future__ import annotations

from xiaoneng.notifications.kinds import Channel, MessageKind

K = MessageKind
IN_SITE, EMAIL, SMS = Channel.IN_SITE, Channel.EMAIL, Channel.SMS

_SIGNATURE = "\n\n（本消息由政务服务效能平台自动发送，请勿直接回复。）"

#: (kind, channel) → (subject, body). SMS has no subject.
DEFAULT_TEMPLATES: dict[tuple[str, str], tuple[str, str]] = {
    (K.CASE_ACCEPTED, IN_SITE): (
        "您的申请已受理（{case_number}）",
        "{applicant_name}：您申请的“{item_name}”已于{accepted_on}由{agency_name}受理，"
        "承诺于{due_on}前办结。",
    ),
    (K.CASE_ACCEPTED, EMAIL): (
        "【政务服务】申请已受理：{case_number}",
        "{applicant_name}：\n\n您申请的“{item_name}”（办件编号 {case_number}）已于{accepted_on}"
        "由{agency_name}受理，承诺于{due_on}前办结。\n\n查询进度：{link}" + _SIGNATURE,
    ),
    (K.CASE_ACCEPTED, SMS): (
        "",
        "【政务服务】您申请的{item_name}（{case_number}）已受理，承诺{due_on}前办结。",
    ),
    (K.SUPPLEMENT_REQUESTED, IN_SITE): (
        "补正材料一次性告知（{case_number}）",
        "{applicant_name}：您申请的“{item_name}”材料不齐全，请一次性补正以下材料：{materials}。"
        "说明：{reason}",
    ),
    (K.SUPPLEMENT_REQUESTED, EMAIL): (
        "【政务服务】补正材料一次性告知：{case_number}",
        "{applicant_name}：\n\n您申请的“{item_name}”（办件编号 {case_number}）材料不齐全。"
        "依据《中华人民共和国行政许可法》第三十二条，现一次性告知需补正的全部材料：\n{materials}\n\n"
        "说明：{reason}\n\n补正材料：{link}" + _SIGNATURE,
    ),
    (K.SUPPLEMENT_REQUESTED, SMS): (
        "",
        "【政务服务】您的{item_name}申请（{case_number}）需补正材料：{materials}。请登录平台补正。",
    ),
    (K.CASE_REFUSED, IN_SITE): (
        "不予受理决定（{case_number}）",
        "{applicant_name}：您申请的“{item_name}”不予受理。理由：{reason}",
    ),
    (K.CASE_REFUSED, EMAIL): (
        "【政务服务】不予受理决定：{case_number}",
        "{applicant_name}：\n\n您申请的“{item_name}”（办件编号 {case_number}）经{agency_name}审查，"
        "决定不予受理。\n理由：{reason}\n\n您依法享有申请行政复议或者提起行政诉讼的权利。\n"
        "详情：{link}" + _SIGNATURE,
    ),
    (K.CASE_REFUSED, SMS): (
        "",
        "【政务服务】您的{item_name}申请（{case_number}）不予受理，详情请登录平台查看。",
    ),
    (K.CASE_DECIDED, IN_SITE): (
        "办理结果：{decision}（{case_number}）",
        "{applicant_name}：您申请的“{item_name}”已作出决定：{decision}。{reason}"
        "证照或决定书将于{due_on}前送达。",
    ),
    (K.CASE_DECIDED, EMAIL): (
        "【政务服务】办理结果：{case_number}",
        "{applicant_name}：\n\n您申请的“{item_name}”（办件编号 {case_number}）已由{agency_name}"
        "作出决定：{decision}。\n{reason}\n\n证照或决定书将于{due_on}前送达。\n详情：{link}"
        + _SIGNATURE,
    ),
    (K.CASE_DECIDED, SMS): (
        "",
        "【政务服务】您的{item_name}申请（{case_number}）已作出决定：{decision}。"
        "将于{due_on}前送达。",
    ),
    (K.CASE_DELIVERED, IN_SITE): (
        "证照或决定书已送达（{case_number}）",
        "{applicant_name}：您申请的“{item_name}”的证照或决定书已于{delivered_on}送达（{method}）。",
    ),
    (K.CASE_DELIVERED, EMAIL): (
        "【政务服务】已送达：{case_number}",
        "{applicant_name}：\n\n您申请的“{item_name}”（办件编号 {case_number}）的证照或决定书"
        "已于{delivered_on}送达（{method}）。欢迎对本次服务作出评价：{link}" + _SIGNATURE,
    ),
    (K.CASE_DELIVERED, SMS): (
        "",
        "【政务服务】您的{item_name}（{case_number}）证照或决定书已送达，欢迎评价。",
    ),
    (K.DEADLINE_YELLOW, IN_SITE): (
        "办件 {case_number} 临近承诺时限（{due_on}）",
        "{item_name}——剩余 {days_left} 个工作日。",
    ),
    (K.DEADLINE_YELLOW, EMAIL): (
        "【效能预警】办件 {case_number} 临近承诺时限",
        "办件 {case_number}（{item_name}）将于{due_on}到期，剩余 {days_left} 个工作日。\n"
        "查看：{link}" + _SIGNATURE,
    ),
    (K.DEADLINE_YELLOW, SMS): (
        "",
        "【效能预警】办件{case_number}将于{due_on}到期（黄灯），请及时办理。",
    ),
    (K.DEADLINE_RED, IN_SITE): (
        "办件 {case_number} 已超过承诺时限（{due_on}）",
        "{item_name}——已超期，请立即办理。",
    ),
    (K.DEADLINE_RED, EMAIL): (
        "【效能预警】办件 {case_number} 已超期",
        "办件 {case_number}（{item_name}）已超过承诺时限（{due_on}）。\n查看：{link}" + _SIGNATURE,
    ),
    (K.DEADLINE_RED, SMS): (
        "",
        "【效能预警】办件{case_number}已超过承诺时限{due_on}（红灯），请立即办理。",
    ),
    (K.COMPLAINT_REPLY_DUE, IN_SITE): (
        "投诉 {complaint_number} 将于{due_on}到期答复",
        "{subject}",
    ),
    (K.COMPLAINT_REPLY_DUE, EMAIL): (
        "【效能投诉】投诉 {complaint_number} 临近答复期限",
        "投诉 {complaint_number}（{subject}）应于{due_on}前答复投诉人。\n查看：{link}" + _SIGNATURE,
    ),
    (K.COMPLAINT_REPLY_DUE, SMS): (
        "",
        "【效能投诉】投诉{complaint_number}应于{due_on}前答复，请及时办理。",
    ),
    (K.ALERT, IN_SITE): ("{title}", "{body}"),
    (K.ALERT, EMAIL): ("【政务服务效能平台】{title}", "{body}\n\n{link}" + _SIGNATURE),
    (K.ALERT, SMS): ("", "【政务服务效能平台】{title}"),
}
