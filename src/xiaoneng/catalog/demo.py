"""Demo catalog: about forty believable items over 江州市's departments.

Mixes immediate, promised, joint (with co-departments) and forwarded items, fees and free items.
Legal limits follow the law (mostly 20 working days, Art. 42; 45 for joint items); committed
limits are cut by two thirds or more, as the seed's service centre did (e.g. 20 → 5). Departments
get plausible unified social credit codes (GB 32100, with a GB 11714 organization code inside),
which the implementation codes embed.
"""

from __future__ import annotations

from typing import Any

from xiaoneng.catalog import services
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core import services as core_services
from xiaoneng.core.demo import DemoContext
from xiaoneng.core.identifiers import CREDIT_CODE_CHARSET
from xiaoneng.core.models import Organization

SUPERVISION_PHONE = "0571-87012345"

# (department, name, item type, handling, legal, committed, materials, extra)
# handling: "i" immediate, "p" promised. extra keys: co (co-departments), fw (forward level),
# fee (amount, basis), online, appt, sp (special procedure note), note (legal limit note).
ITEMS: list[tuple[str, str, str, str, int, int, list[str], dict[str, Any]]] = [
    (
        "市场监督管理局",
        "食品经营许可",
        "01",
        "p",
        20,
        5,
        [
            "食品经营许可申请书",
            "营业执照",
            "法定代表人身份证明",
            "经营场所平面布局图",
            "食品安全管理制度文本",
        ],
        {"online": True, "appt": True},
    ),
    (
        "市场监督管理局",
        "个体工商户设立登记",
        "01",
        "i",
        3,
        0,
        ["个体工商户登记申请书", "经营者身份证明", "经营场所使用证明"],
        {"online": True},
    ),
    (
        "市场监督管理局",
        "企业名称变更登记",
        "01",
        "i",
        3,
        0,
        ["变更登记申请书", "股东会决议", "营业执照正副本"],
        {"online": True},
    ),
    (
        "市场监督管理局",
        "特种设备使用登记",
        "01",
        "p",
        15,
        5,
        ["特种设备使用登记表", "产品合格证", "监督检验证书"],
        {},
    ),
    (
        "市场监督管理局",
        "工业产品生产许可证核发(初审)",
        "01",
        "p",
        20,
        5,
        ["生产许可证申请书", "营业执照", "产品检验报告"],
        {"fw": 2},
    ),
    (
        "市场监督管理局",
        "药品零售企业经营许可",
        "01",
        "p",
        20,
        5,
        ["药品经营许可证申请表", "执业药师资格证书", "营业场所证明", "质量管理文件目录"],
        {"appt": True},
    ),
    (
        "民政局",
        "社会团体成立登记",
        "01",
        "p",
        60,
        20,
        ["成立登记申请书", "业务主管单位批准文件", "章程草案", "验资报告", "住所使用权证明"],
        {"note": "《社会团体登记管理条例》规定60日"},
    ),
    (
        "民政局",
        "民办非企业单位成立登记",
        "01",
        "p",
        60,
        20,
        ["登记申请书", "业务主管单位批准文件", "场所使用权证明", "验资报告", "章程草案"],
        {},
    ),
    (
        "民政局",
        "结婚登记",
        "07",
        "i",
        0,
        0,
        [
            "居民身份证",
            "户口簿",
            "本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明",
            "近期2寸半身免冠合影照片",
        ],
        {"appt": True, "note": "当场办结"},
    ),
    (
        "民政局",
        "最低生活保障金给付",
        "05",
        "p",
        30,
        10,
        ["低保申请书", "家庭成员身份证明", "家庭收入和财产状况声明", "授权核对家庭经济状况委托书"],
        {"online": True},
    ),
    (
        "民政局",
        "临时救助",
        "05",
        "p",
        20,
        5,
        ["临时救助申请书", "身份证明", "遭遇困难的相关证明"],
        {},
    ),
    (
        "民政局",
        "养老机构备案",
        "10",
        "i",
        0,
        0,
        ["备案申请书", "营业执照或登记证书", "场所使用证明", "消防安全承诺书"],
        {"online": True},
    ),
    (
        "民政局",
        "经营性公墓建设审批(初审)",
        "01",
        "p",
        20,
        5,
        ["建设申请报告", "用地规划文件", "可行性研究报告"],
        {"fw": 2},
    ),
    (
        "住房和城乡建设局",
        "建筑工程施工许可证核发",
        "01",
        "p",
        15,
        5,
        [
            "施工许可申请表",
            "建设工程规划许可证",
            "施工图审查合格书",
            "中标通知书及施工合同",
            "质量安全监督手续",
        ],
        {"online": True, "appt": True},
    ),
    (
        "住房和城乡建设局",
        "商品房预售许可",
        "01",
        "p",
        45,
        15,
        [
            "预售许可申请表",
            "营业执照和资质证书",
            "土地使用权证明",
            "建设工程规划许可证和施工许可证",
            "预售方案",
            "工程施工进度证明",
        ],
        {"co": ["自然资源和规划局"]},
    ),
    (
        "住房和城乡建设局",
        "建筑业企业资质核准(初审)",
        "01",
        "p",
        20,
        5,
        ["资质申请表", "营业执照", "人员资格证明", "工程业绩材料"],
        {"fw": 2},
    ),
    (
        "住房和城乡建设局",
        "房屋建筑工程竣工验收备案",
        "10",
        "p",
        15,
        3,
        ["竣工验收备案表", "工程竣工验收报告", "规划、消防等认可文件", "工程质量保修书"],
        {},
    ),
    (
        "住房和城乡建设局",
        "城镇污水排入排水管网许可",
        "01",
        "p",
        20,
        5,
        ["排水许可申请表", "排水户内部排水管网图", "排水水质检测报告"],
        {"online": True},
    ),
    (
        "住房和城乡建设局",
        "燃气经营许可",
        "01",
        "p",
        45,
        15,
        [
            "燃气经营许可申请书",
            "企业章程和注册资本证明",
            "气源证明",
            "安全评价报告",
            "主要负责人安全培训考核合格证明",
        ],
        {"co": ["应急管理局", "消防救援支队"], "sp": "专家评审"},
    ),
    (
        "自然资源和规划局",
        "建设用地规划许可证核发",
        "01",
        "p",
        20,
        5,
        ["建设用地规划许可申请表", "项目批准、核准或备案文件", "土地出让合同", "用地红线图"],
        {"online": True},
    ),
    (
        "自然资源和规划局",
        "建设工程规划许可证核发",
        "01",
        "p",
        45,
        15,
        [
            "建设工程规划许可申请表",
            "建设用地规划许可证",
            "建设工程设计方案总平面图",
            "土地权属证明",
        ],
        {"co": ["住房和城乡建设局", "人民防空办公室"]},
    ),
    (
        "自然资源和规划局",
        "不动产首次登记",
        "07",
        "p",
        30,
        5,
        [
            "不动产登记申请书",
            "申请人身份证明",
            "不动产权属来源证明",
            "不动产界址、空间界限、面积等材料",
        ],
        {
            "fee": (
                "80",
                "《国家发展改革委 财政部关于不动产登记收费标准等有关问题"
                "的通知》(发改价格规〔2016〕2559号)",
            ),
            "online": True,
        },
    ),
    (
        "自然资源和规划局",
        "不动产抵押登记",
        "07",
        "p",
        30,
        3,
        ["不动产登记申请书", "申请人身份证明", "不动产权证书", "主债权合同和抵押合同"],
        {"fee": ("80", "发改价格规〔2016〕2559号"), "online": True, "appt": True},
    ),
    (
        "交通运输局",
        "道路货物运输经营许可",
        "01",
        "p",
        20,
        5,
        ["道路货物运输经营申请表", "负责人身份证明", "车辆技术证明", "安全生产管理制度文本"],
        {"online": True},
    ),
    (
        "交通运输局",
        "出租汽车驾驶员从业资格证核发",
        "01",
        "p",
        20,
        5,
        ["从业资格申请表", "机动车驾驶证", "无暴力犯罪记录证明"],
        {},
    ),
    (
        "交通运输局",
        "公路超限运输许可",
        "01",
        "p",
        15,
        5,
        ["超限运输车辆通行申请表", "车辆行驶证", "货物说明书", "通行路线图"],
        {"online": True},
    ),
    (
        "卫生健康委员会",
        "医疗机构执业登记",
        "01",
        "p",
        45,
        15,
        [
            "医疗机构执业登记申请书",
            "设置医疗机构批准书",
            "验收报告",
            "医务人员执业证书",
            "规章制度",
        ],
        {"sp": "现场检查"},
    ),
    (
        "卫生健康委员会",
        "公共场所卫生许可",
        "01",
        "p",
        20,
        5,
        ["卫生许可申请表", "营业执照", "场所平面图", "卫生管理制度", "检测报告"],
        {"online": True},
    ),
    (
        "卫生健康委员会",
        "出生医学证明补发",
        "20",
        "i",
        0,
        0,
        ["补发申请", "父母身份证明", "分娩医院出具的住院分娩证明"],
        {"appt": True},
    ),
    (
        "人力资源和社会保障局",
        "人力资源服务许可",
        "01",
        "p",
        20,
        5,
        [
            "人力资源服务许可申请表",
            "营业执照",
            "专职工作人员资格证明",
            "服务场所证明",
            "工作规章制度",
        ],
        {"online": True},
    ),
    (
        "人力资源和社会保障局",
        "社会保障卡申领",
        "20",
        "i",
        0,
        0,
        ["居民身份证", "近期免冠照片"],
        {"online": True},
    ),
    (
        "人力资源和社会保障局",
        "劳务派遣经营许可",
        "01",
        "p",
        20,
        5,
        ["劳务派遣经营许可申请书", "营业执照", "注册资本证明", "劳务派遣协议样本"],
        {},
    ),
    (
        "生态环境局",
        "建设项目环境影响报告书审批",
        "01",
        "p",
        60,
        15,
        ["环境影响报告书", "审批申请函", "公众参与说明", "技术评估意见"],
        {"sp": "专家评审", "note": "《环境影响评价法》规定60日"},
    ),
    (
        "生态环境局",
        "排污许可证核发",
        "01",
        "p",
        20,
        5,
        ["排污许可证申请表", "自行监测方案", "守法承诺书"],
        {"online": True},
    ),
    (
        "文化广电旅游局",
        "娱乐场所经营许可",
        "01",
        "p",
        45,
        15,
        [
            "娱乐场所经营申请书",
            "营业执照",
            "投资人身份证明",
            "场所平面示意图",
            "消防安全检查合格证明",
        ],
        {"co": ["公安局", "消防救援支队"]},
    ),
    (
        "文化广电旅游局",
        "旅行社设立许可",
        "01",
        "p",
        20,
        5,
        ["设立申请书", "法定代表人履历表及身份证明", "企业章程", "经营场所证明"],
        {},
    ),
    (
        "公安局",
        "居民身份证申领",
        "20",
        "p",
        60,
        15,
        ["居民户口簿", "本人近期免冠照片"],
        {
            "fee": ("20", "《国家发展改革委 财政部关于居民身份证收费标准的通知》"),
            "note": "《居民身份证法》规定60日",
            "appt": True,
        },
    ),
    (
        "公安局",
        "户口迁移(市内)",
        "07",
        "p",
        20,
        3,
        ["户口迁移申请", "居民户口簿", "居民身份证", "合法稳定住所证明"],
        {"appt": True},
    ),
    (
        "教育局",
        "教师资格认定",
        "07",
        "p",
        20,
        5,
        ["教师资格认定申请表", "学历证书", "普通话水平测试等级证书", "体检合格证明"],
        {"online": True},
    ),
    (
        "教育局",
        "民办学校设立许可",
        "01",
        "p",
        45,
        15,
        ["设立申请报告", "举办者资格证明", "资产来源及验资证明", "学校章程和首届董事会组成"],
        {"co": ["人力资源和社会保障局"], "sp": "专家评审"},
    ),
    (
        "应急管理局",
        "危险化学品经营许可",
        "01",
        "p",
        30,
        10,
        ["经营许可证申请表", "安全评价报告", "安全生产管理制度", "主要负责人培训合格证明"],
        {"sp": "现场核查"},
    ),
    (
        "医疗保障局",
        "异地就医备案",
        "20",
        "i",
        0,
        0,
        ["异地就医备案表", "医保电子凭证或社会保障卡"],
        {"online": True},
    ),
    # Items of the portal's life events (入学, 就业, 退休, 生育; catalog.life_events).
    (
        "教育局",
        "义务教育阶段新生入学登记",
        "20",
        "i",
        0,
        0,
        ["儿童户口簿", "父母居民身份证", "居住证明或房屋产权证明"],
        {"online": True},
    ),
    (
        "人力资源和社会保障局",
        "就业登记",
        "20",
        "i",
        0,
        0,
        ["居民身份证", "劳动合同"],
        {"online": True},
    ),
    (
        "人力资源和社会保障局",
        "职工正常退休办理",
        "05",
        "p",
        20,
        5,
        ["居民身份证", "职工个人档案", "退休申请表"],
        {},
    ),
    (
        "医疗保障局",
        "生育津贴申领",
        "05",
        "p",
        15,
        5,
        ["生育医学证明", "居民身份证", "社会保障卡"],
        {"online": True},
    ),
]

# name → the words people search it by besides its name (ServiceItem.keywords); the portal's
# life events match them too (catalog.life_events).
KEYWORDS: dict[str, str] = {
    "食品经营许可": "开店 餐饮 饭店",
    "个体工商户设立登记": "开店 营业执照 创业",
    "企业名称变更登记": "营业执照 改名 开办企业",
    "结婚登记": "领证 婚姻",
    "出生医学证明补发": "生育 新生儿",
    "户口迁移(市内)": "落户 迁户口",
    "居民身份证申领": "办证 身份证",
    "不动产首次登记": "购房 房产证",
    "不动产抵押登记": "购房 贷款",
    "社会保障卡申领": "社保卡 就业",
    "最低生活保障金给付": "低保 救助",
    "异地就医备案": "就医 医保 看病",
    "义务教育阶段新生入学登记": "入学 上学 小学 初中",
    "就业登记": "就业 入职 上班",
    "职工正常退休办理": "退休 养老金",
    "生育津贴申领": "生育 产假",
}

REVISIONS: dict[
    str, tuple[str, dict[str, Any]]
] = {  # name → (change reason, changes): shows versioning in the demo
    "食品经营许可": (
        "取消“食品安全管理制度文本”,改为告知承诺",
        {
            "materials": [
                "食品经营许可申请书",
                "营业执照",
                "法定代表人身份证明",
                "经营场所平面布局图",
            ]
        },
    ),
    "建筑工程施工许可证核发": ("承诺时限由5个工作日压缩至3个工作日", {"committed": 3}),
}
STATUS_CHANGES = {
    "经营性公墓建设审批(初审)": ("suspend", "省民政厅调整审批权限,暂停受理"),
    "出租汽车驾驶员从业资格证核发": ("cancel", "上级部门已取消该事项,改为考试合格即发证"),
}


def _org_code(body: str) -> str:
    """GB 11714 organization code: 8 characters + check character."""
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(ch, 36) * w for ch, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def credit_code_for(region: str, serial: int) -> str:
    """A GB 32100 code for a government agency: 1 (机构编制) 1 (机关), region, org code, check."""
    body = "11" + region + _org_code(f"{2489600 + serial * 7:08d}")
    total = sum(CREDIT_CODE_CHARSET.index(ch) * pow(3, i, 31) for i, ch in enumerate(body))
    return body + CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def _steps(handling: str, committed: int, joint: bool, forwarded: bool) -> list[dict[str, Any]]:
    if handling == "i":
        return [{"name": "受理", "budget_days": 0}, {"name": "当场办结", "budget_days": 0}]
    if joint:
        review = committed - 3
        return [
            {"name": "受理", "budget_days": 1},
            {"name": "联合审查(各部门并联出具意见)", "budget_days": review},
            {"name": "联审会议", "budget_days": 1},
            {"name": "审批决定", "budget_days": 1},
        ]
    if forwarded:
        return [
            {"name": "受理", "budget_days": 1},
            {"name": "初审", "budget_days": committed - 2},
            {"name": "转报上级", "budget_days": 1},
        ]
    if committed < 3:
        return [
            {"name": "受理", "budget_days": 0},
            {"name": "审查", "budget_days": committed},
            {"name": "决定", "budget_days": 0},
        ]
    return [
        {"name": "受理", "budget_days": 1},
        {"name": "审查", "budget_days": committed - 2},
        {"name": "审批决定", "budget_days": 1},
    ]


def _agency(context: DemoContext, short_name: str, serial: int) -> Organization:
    agency = context.departments[short_name]
    if not agency.credit_code:
        agency = core_services.organization_update(
            actor=None,
            organization=agency,
            credit_code=credit_code_for(agency.region_code or "330100", serial),
        )
        context.departments[short_name] = agency
    return agency


def build(context: DemoContext) -> None:
    serials: dict[str, int] = {}
    main_codes: dict[str, int] = {}
    created: dict[str, ServiceItem] = {}
    for dept, name, item_type, handling, legal, committed, materials, extra in ITEMS:
        serial = serials.setdefault(dept, len(serials) + 1)
        agency = _agency(context, dept, serial)
        co = [
            {
                "organization": _agency(context, d, serials.setdefault(d, len(serials) + 1)),
                "opinion_limit_days": 7 if i == 0 else 5,
            }
            for i, d in enumerate(extra.get("co", []))
        ]
        main_codes[item_type] = main_codes.get(item_type, 0) + 1
        basic = f"{item_type}{serial:02d}{main_codes[item_type]:03d}000"
        fee = extra.get("fee")
        index = len(created) + 1
        content: dict[str, Any] = {
            "name": name,
            "item_type": item_type,
            "handling_type": "immediate" if handling == "i" else "promised",
            "legal_limit_days": legal,
            "committed_limit_days": committed,
            "legal_limit_note": extra.get("note", ""),
            "committed_limit_note": "当场办结" if handling == "i" else "",
            "acceptance_conditions": (
                f"申请人按本指南一次性提交全部材料;材料齐全、符合法定形式的,予以受理。"
                f"{'涉及多个部门的,由' + dept + '牵头并联审批。' if co else ''}"
            ),
            "legal_basis": f"《中华人民共和国行政许可法》及{name}相关法律法规",
            "forward_to_level": extra.get("fw"),
            "has_fee": fee is not None,
            "fee_amount": fee[0] if fee else None,
            "fee_basis": fee[1] if fee else "",
            "special_procedures_allowed": "sp" in extra,
            "special_procedures_note": extra.get("sp", ""),
            "is_appointment": extra.get("appt", False),
            "is_online": extra.get("online", False),
            "enquiry_phone": f"0571-8700{index:04d}",
            "supervision_phone": SUPERVISION_PHONE,
            "materials": [
                {
                    "name": m,
                    "originals": 1 if i % 2 == 0 else 0,
                    "copies": 0 if i % 2 == 0 else 1,
                    "is_mandatory": i < 3 or len(materials) < 4,
                }
                for i, m in enumerate(materials)
            ],
            "steps": _steps(handling, committed, bool(co), "fw" in extra),
            "co_departments": co,
        }
        created[name] = services.item_create(
            actor=None,
            agency=agency,
            basic_code=basic,
            implementation_code=f"{agency.credit_code}{basic}",
            keywords=KEYWORDS.get(name, ""),
            **content,
        )
    for name, (reason, change) in REVISIONS.items():
        item = created[name]
        kwargs: dict[str, Any] = {}
        if "materials" in change:
            kwargs["materials"] = [{"name": m} for m in change["materials"]]
        if "committed" in change:
            kwargs["committed_limit_days"] = change["committed"]
            kwargs["steps"] = _steps("p", change["committed"], False, False)
        services.item_revise(actor=None, item=item, change_reason=reason, **kwargs)
    actions = {"suspend": services.item_suspend, "cancel": services.item_cancel}
    for name, (action, reason) in STATUS_CHANGES.items():
        actions[action](actor=None, item=created[name], reason=reason)
