"""Synthetic source documents: policies, their interpretations and news items put together from
vocabulary (issuing bodies of converter/data/departments.yaml, invented cities) and phrase banks
written for this project, so that a model trained from what is in the repository sees many titles,
文号, issuers and dates, not only the few of the sample and the invented documents.

    docs = synth.synthesize(60, seed=0)      # deterministic: same n and seed, same documents

Every document's truth is what its text prints: the title, the 文号 under it, the issuers in the title
and the signature, the date under the signature; an interpretation names its policy in its title and
speaks for the issuer; a news item reports the policy with a dateline.
"""
from __future__ import annotations

import random

from converter.vocab import VOCAB
from training.documents import SourceDocument, paragraph_roles
from training.records import DocTruth

#: National bodies that issue policies, with the 文号 prefix they use (invented where not known).
NATIONAL = [("国务院", "国发"), ("国务院办公厅", "国办发"), ("国家发展和改革委员会", "发改"), ("工业和信息化部", "工信部"),
            ("财政部", "财"), ("商务部", "商"), ("科学技术部", "国科发"), ("农业农村部", "农"), ("生态环境部", "环"),
            ("交通运输部", "交"), ("人力资源和社会保障部", "人社部发"), ("住房和城乡建设部", "建"), ("国家市场监督管理总局", "国市监"),
            ("国家能源局", "国能发"), ("国家数据局", "国数"), ("教育部", "教"), ("民政部", "民发"), ("文化和旅游部", "文旅"),
            ("国家卫生健康委员会", "国卫"), ("应急管理部", "应急"), ("国家知识产权局", "国知发"), ("中国人民银行", "银发")]
#: Invented cities and provinces' bodies (a province of the vocabulary: 江苏省).
LOCAL = [("江苏省人民政府", "苏政发", "provincial"), ("江苏省人民政府办公厅", "苏政办发", "provincial"),
         ("江苏省工业和信息化厅", "苏工信", "provincial"), ("江苏省商务厅", "苏商", "provincial"),
         ("临江市人民政府", "临政发", "municipal"), ("临江市人民政府办公室", "临政办发", "municipal"),
         ("清河市人民政府", "清政发", "municipal"), ("清河市工业和信息化局", "清工信", "municipal"),
         ("东湖区人民政府", "东政发", "municipal"), ("南浦县人民政府办公室", "南政办", "municipal")]
#: What a policy is about (written for this project).
TOPICS = ["推动制造业数字化转型", "加快新型储能产业发展", "促进跨境电子商务高质量发展", "支持科技型中小企业创新发展",
          "进一步优化营商环境", "加快充电基础设施建设", "推进城镇老旧小区改造", "加强耕地保护和改进占补平衡",
          "促进民营经济发展壮大", "推动大规模设备更新", "加快发展现代物流", "做好高校毕业生就业创业工作",
          "推进数据要素市场化配置", "加强安全生产治本攻坚", "促进养老服务消费", "推动绿色低碳循环发展",
          "加快建设现代化产业园区", "支持低空经济健康发展", "推进县域商业体系建设", "加强知识产权保护",
          "促进文化和旅游深度融合", "推动人工智能赋能新型工业化", "稳定和扩大就业", "加强生态环境分区管控",
          "推进普惠金融高质量发展", "促进中医药传承创新发展", "加快建设农业强省", "完善社区嵌入式服务设施"]
#: What a pilot, a plan or a measure is about (nouns, written for this project).
NOUNS = ["中小企业数字化转型", "新型储能", "跨境电子商务", "充电基础设施", "城镇老旧小区改造", "智能制造", "绿色工厂",
         "现代物流", "数据要素流通", "养老服务", "低空经济", "县域商业", "知识产权保护", "文化和旅游融合", "人工智能应用",
         "普惠金融", "中医药传承创新", "社区嵌入式服务设施", "首台（套）重大技术装备", "工业互联网", "大规模设备更新",
         "服务型制造", "专精特新中小企业", "农村寄递物流", "数字乡村", "城市更新", "节水型社会"]
#: The short names official titles use for joint issuers (others print the full name).
OFFICIAL_SHORT = {"国家发展和改革委员会": "国家发展改革委", "人力资源和社会保障部": "人力资源社会保障部",
                  "住房和城乡建设部": "住房城乡建设部", "国家市场监督管理总局": "市场监管总局",
                  "国家卫生健康委员会": "国家卫生健康委", "科学技术部": "科技部"}
#: Instruments a notice issues (for 关于印发《X》的通知).
PLANS = ["行动方案", "实施方案", "管理办法", "实施细则", "工作方案", "若干措施", "三年行动计划"]
#: Sentence banks; {t} is the topic, {y} the year, {n} a number.
OPENINGS = ["为深入贯彻落实党中央、国务院决策部署，{t}，经研究，现提出如下意见。",
            "为{t}，根据有关法律法规和政策规定，结合实际，现就有关事项通知如下。",
            "{t}是推动高质量发展的重要举措。为进一步做好相关工作，现提出以下措施。"]
HEADINGS = ["总体要求", "主要目标", "重点任务", "支持政策", "保障措施", "组织实施", "工作要求", "申报条件", "实施步骤"]
SENTENCES = ["到{y}年，{t}取得明显成效，形成一批可复制可推广的经验做法。",
             "各地要加强统筹协调，建立健全工作机制，明确责任分工，确保各项任务落到实处。",
             "对符合条件的项目，按照实际投资额的{n}%给予补助，单个项目最高不超过{m}万元。",
             "鼓励金融机构创新金融产品和服务，加大对重点领域和薄弱环节的信贷支持力度。",
             "建立健全监测评估机制，定期开展评估，及时研究解决工作推进中的重大问题。",
             "加强政策宣传解读，及时回应社会关切，营造良好舆论氛围。",
             "严格落实安全生产责任，加强风险隐患排查整治，守牢安全底线。",
             "支持有条件的地区先行先试，探索形成符合实际的推进路径。",
             "完善标准体系，加快制定修订一批关键技术标准和管理规范。",
             "强化要素保障，优先保障重点项目用地、用能和资金需求。",
             "申报单位应于{y}年{mo}月{d}日前将申报材料报送主管部门，逾期不予受理。",
             "各有关部门要按照职责分工，加强协同配合，形成工作合力。"]
ADDRESSEES = {"national": "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
              "provincial": "各设区市人民政府，省各委办厅局，省各直属单位：",
              "municipal": "各县（市、区）人民政府，市各委办局，市各直属单位："}
QUESTIONS = ["为什么要出台《{s}》？", "《{s}》的主要内容有哪些？", "《{s}》在支持政策方面有哪些突破？",
             "如何确保《{s}》落地见效？", "企业如何享受相关支持政策？"]
ANSWERS = ["出台《{s}》，主要是为了{t}，回应企业和群众关切，进一步稳定市场预期。",
           "《{s}》共分为{k}个部分，从目标任务、支持政策、保障措施等方面作出部署。",
           "我们将会同有关部门加强政策宣传和业务培训，及时总结推广典型经验做法。",
           "符合条件的企业可通过政务服务平台在线申报，相关部门将压缩审核时限，提高办理效率。"]
NEWS_LEADS = ["本报讯 近日，{o}印发《{s}》，提出{t}的一系列举措。",
              "新华社北京{mo}月{d}日电 记者从{o}获悉，《{s}》日前印发实施。",
              "{mo}月{d}日，{o}召开新闻发布会，介绍《{s}》有关情况。"]
NEWS_BODY = ["据介绍，《{s}》明确了{y}年前的主要目标，并从资金、用地、人才等方面提出支持措施。",
             "有关负责人表示，下一步将加强跟踪问效，推动各项政策尽快落地见效。",
             "业内人士认为，这些举措将有效降低企业成本，进一步激发市场主体活力。"]
CN_ORD = "一二三四五六七八九十"


def _short(name: str) -> str:
    """The name as official titles and press releases print it (国家发展改革委), else the full name."""
    return OFFICIAL_SHORT.get(name, name)


def _date(rng: random.Random, year: int) -> tuple[str, str]:
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return f"{year}-{m:02d}-{d:02d}", f"{year}年{m}月{d}日"


def _fill(template: str, rng: random.Random, **kw) -> str:
    return template.format(n=rng.choice([10, 15, 20, 30]), m=rng.choice([50, 100, 200, 500, 1000]),
                    mo=rng.randint(1, 12), d=rng.randint(1, 28), k=rng.choice(["四", "五", "六"]), **kw)


def policy(rng: random.Random, k: int) -> SourceDocument:
    year = rng.randint(2026, 2034)
    if rng.random() < 0.6:
        org, prefix = rng.choice(NATIONAL)
        level = "national"
        orgs = [org]
        if rng.random() < 0.25 and org not in ("国务院", "国务院办公厅"):
            other = rng.choice([o for o, _ in NATIONAL if o not in ("国务院", "国务院办公厅", org)])
            orgs.append(other)
    else:
        org, prefix, level = rng.choice(LOCAL)
        orgs = [org]
    topic, noun = rng.choice(TOPICS), rng.choice(NOUNS)
    shape = rng.random()
    names = " ".join(_short(o) if len(orgs) > 1 else o for o in orgs)
    inner = None
    if shape < 0.35:
        place = {"national": "", "provincial": "江苏省", "municipal": org[:3]}[level]
        inner = f"{place}{noun}{rng.choice(PLANS)}"
        if rng.random() < 0.4:
            inner += f"（{year}—{year + 2}年）"
        title, subtype = f"{names}关于印发《{inner}》的通知", "通知"
    elif shape < 0.65:
        wz = rng.choice(["意见", "实施意见", "指导意见", "若干措施"])
        title, subtype = f"{names}关于{topic}的{wz}", "意见" if "意见" in wz else "措施"
    elif shape < 0.85:
        title, subtype = f"{names}关于开展{year}年度{noun}试点工作的通知", "通知"
    else:
        title, subtype = f"{names}关于{topic}有关事项的通知", "通知"
    joint = "联" if len(orgs) > 1 else ""
    number = f"{prefix}{joint}{rng.choice(['', '规', '函'])}〔{year}〕{rng.randint(1, 320)}号"
    iso, printed = _date(rng, year)
    paras = [number, ADDRESSEES[level]]
    if inner:
        paras.append(f"现将《{inner}》印发给你们，请结合实际认真贯彻落实。")
        paras += [*orgs, printed]
        if rng.random() < 0.5:
            paras.append("（此件公开发布）")
        paras.append(inner)
    paras.append(_fill(rng.choice(OPENINGS), rng, t=topic))
    for h in rng.sample(HEADINGS, rng.randint(2, 4)):
        paras.append(f"{CN_ORD[len([p for p in paras if p[1:2] == '、'])]}、{h}")
        for s in rng.sample(SENTENCES, rng.randint(1, 3)):
            paras.append(_fill(s, rng, t=topic, y=year + 2))
        if rng.random() < 0.15:
            paras += ["序号\t项目名称\t责任单位\t完成时限",
                      *[f"{i}\t{rng.choice(NOUNS)}\t{_short(rng.choice(NATIONAL)[0])}\t{year + 1}年底" for i in range(1, 4)]]
    if not inner:
        if rng.random() < 0.3:
            paras.append(f"附件：{noun}重点任务清单")
        paras += [*orgs, printed]
        if rng.random() < 0.5:
            paras.append("（此件公开发布）")
    issuers = tuple(VOCAB.canonical(o) for o in orgs)
    truth = DocTruth(title=title, heading=None, doc_number=number, issuers=issuers, date=iso, kind="policy",
                     subtype=subtype if not inner else _plan_type(inner), level=level, origin=f"synth:p{k}")
    return SourceDocument(truth, tuple(_split(title, rng)), tuple(paragraph_roles(paras, "policy")), key=f"synth:p{k}")


def _plan_type(inner: str) -> str:
    for w in ("方案", "办法", "细则", "措施", "计划"):
        if w in inner:
            return w
    return "通知"


def _split(title: str, rng: random.Random) -> list[str]:
    """The title as the source prints it: one line, or two when long."""
    if len(title) > 28 and rng.random() < 0.5:
        from training.render_text import safe_cut

        cut = safe_cut(title, rng.randint(len(title) // 2 - 4, len(title) // 2 + 4))
        return [title[:cut], title[cut:]]
    return [title]


def interpretation(p: SourceDocument, rng: random.Random, k: int) -> SourceDocument:
    t = p.truth
    short = t.title.split("关于", 1)[-1] if "关于" in t.title else t.title
    short = f"关于{short}" if "关于" in t.title and not short.startswith("印发") else short
    if short.startswith("印发《"):
        short = short[3:].split("》")[0]
    org = t.issuers[0]
    shape = rng.random()
    if shape < 0.5:
        title, subtype = f"{_short(org)}有关负责人就《{short}》答记者问", "答记者问"
        paras = [f"近日，{_short(org)}印发《{short}》。{_short(org)}有关负责人就相关问题回答了记者提问。"]
        abbr = next((w for w in ("方案", "办法", "细则", "措施", "计划", "意见", "通知") if short.endswith(w)), "文件")
        for q in rng.sample(QUESTIONS, 3):
            paras.append("问：" + q.format(s=abbr))
            paras.append("答：" + _fill(rng.choice(ANSWERS), rng, s="文件", t=rng.choice(TOPICS)))
        issuers = (org,)
    elif shape < 0.8:
        title, subtype = f"《{short}》政策解读", "解读"
        paras = []
        for h in ("出台背景", "主要内容", "创新举措"):
            paras.append(f"{CN_ORD[len(paras) // 2]}、{h}")
            paras.append(_fill(rng.choice(ANSWERS), rng, s="文件", t=rng.choice(TOPICS)))
        issuers = (org,)
    else:
        title, subtype = f"专家解读｜{rng.choice(['把握', '读懂', '落实'])}《{short}》的三个关键", "专家解读"
        paras = [_fill(rng.choice(NEWS_BODY), rng, s=short, y=2030),
                 _fill(rng.choice(ANSWERS), rng, s="文件", t=rng.choice(TOPICS)),
                 "（作者系某高校公共管理学院教授）"]
        issuers = ()
    truth = DocTruth(title=title, heading=None, doc_number=None, issuers=issuers, date=None, kind="interpretation",
                     subtype=subtype, level=t.level, origin=f"synth:i{k}")
    return SourceDocument(truth, (title,), tuple(paragraph_roles(paras, "interpretation")), key=f"synth:i{k}",
                          interprets_key=p.key)


def news(p: SourceDocument, rng: random.Random, k: int) -> SourceDocument:
    t = p.truth
    org = t.issuers[0]
    short = t.title.split("关于", 1)[-1]
    short = short[3:].split("》")[0] if short.startswith("印发《") else "关于" + short
    title = f"{_short(org)}印发《{short}》" if rng.random() < 0.6 else f"{_short(org)}出台新政{rng.choice(['助力', '推动', '支持'])}{rng.choice(NOUNS)}发展"
    paras = [_fill(rng.choice(NEWS_LEADS), rng, o=_short(org), s=short, t=rng.choice(TOPICS))]
    paras += [_fill(s, rng, s=short[:16], y=int(t.date[:4]) + 2) for s in rng.sample(NEWS_BODY, 2)]
    truth = DocTruth(title=title, heading=None, doc_number=None, issuers=(org,), date=None, kind="news", subtype="新闻",
                     level=t.level, origin=f"synth:n{k}")
    return SourceDocument(truth, (title,), tuple(paragraph_roles(paras, "news")), key=f"synth:n{k}", interprets_key=p.key)


def synthesize(n: int = 60, seed: int = 0) -> list[SourceDocument]:
    """About n documents: policies, and for some an interpretation or a news item about them."""
    rng = random.Random(f"synth:{seed}")
    out: list[SourceDocument] = []
    k = 0
    while len(out) < n:
        p = policy(rng, k)
        out.append(p)
        if rng.random() < 0.35:
            out.append(interpretation(p, rng, k))
        if rng.random() < 0.25:
            out.append(news(p, rng, k))
        k += 1
    return out[:n]
