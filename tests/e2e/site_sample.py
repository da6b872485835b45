"""A small project to publish as a static site (tests/e2e/test_export_site.py, docs/make_site_screenshots.py).

Two articles written for these tests in the style of the war reports the app is made for (attribution chains,
transliteration variants, boilerplate, a comment thread; one in Arabic), and claims in every state: three
final (one corrected after publication, one in Arabic), one in review, one draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.domain.model import DocumentMetadata, Stance
from workbench.ops import claims as claim_ops
from workbench.ops import corrections, verdicts
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import settings as settings_ops
from workbench.ops import sources as source_ops
from workbench.ops.project import create_project

BASE_URL = "https://checks.example.org/euphrates"
AUTHOR = "Euphrates Check Desk"
TITLE = "Euphrates valley fact checks"

ENGLISH = """Rival Accounts of Night Fighting Around Tell Hamra Grain Depot

By Samir Khoury | Valley Courier
December 11, 2017

Support independent reporting from the valley — donate today

Tribal fighters stormed the grain depot at Tell Hamra overnight and seized 40 tonnes of wheat, according to the \
Telegram channel of the Jazira Tribal Forces, which published no photos of the raid.

A spokesman for the Deir Ezzor Military Council, Kawa Darwish, said the council’s units “repelled the attack within \
an hour” and that the depot, also spelled Tal Hamra or Tell al-Hamra on older maps, remains under their control.

Pro-government outlet Sham Today reported that the army shelled the road to Tell Hamra, citing “a field source”. \
Residents reached by phone said the shelling stopped before dawn and that bread was handed out in the village on \
Tuesday morning as usual.

Local sources told the Courier that the bridge over the canal north of the village had been blown up. The bridge \
was intact in satellite images taken on Tuesday afternoon.

Click to see the full-size image

Comments

Abu Yazan: The depot was empty since October, everyone here knows it.
"""

ARABIC = """اشتباكات ليلية قرب صوامع تل حمرا

قالت مصادر محلية إن مقاتلين من العشائر سيطروا على صوامع الحبوب في تل حمرا فجر الثلاثاء بعد اشتباكات استمرت ساعتين. \
ونفى ناطق باسم المجلس العسكري ذلك، وقال إن المنطقة هادئة وإن توزيع الخبز جرى كالمعتاد.

ادعمونا لمواصلة التغطية من الميدان
"""


@dataclass(frozen=True)
class Sample:
    path: Path
    ids: dict[str, str]  # "corrected", "person", "arabic" (final), "review", "draft" → claim id
    texts: dict[str, str]


def _quote(project: object, doc: str, quote: str) -> tuple[int, int]:
    return claim_ops.locate_quote(project, doc, quote)  # type: ignore[arg-type]


def build(path: Path) -> Sample:
    project = create_project(path)
    try:
        en = doc_ops.import_data(project, ENGLISH.encode("utf-8"), "tell-hamra.txt").document_id
        doc_ops.update_metadata(project, en, DocumentMetadata(
            title="Rival Accounts of Night Fighting Around Tell Hamra Grain Depot", publisher="Valley Courier",
            author="Samir Khoury", url="https://courier.example/2017/12/tell-hamra-depot", published="2017-12-11",
            language="en", direction="ltr"))
        ar = doc_ops.import_data(project, ARABIC.encode("utf-8"), "tal-hamra-ar.txt").document_id
        doc_ops.update_metadata(project, ar, DocumentMetadata(
            title="اشتباكات ليلية قرب صوامع تل حمرا", publisher="Furat Post", url="https://furat.example/ar/8812",
            published="2017-12-12", language="ar", direction="rtl"))
        source_ops.create_source(project, "Jazira Tribal Forces", kind="armed group", affiliation="pro-government",
                                 reliability="E", aliases=["JTF"], same_as="https://www.wikidata.org/wiki/Q00000001")
        source_ops.create_source(project, "Kawa Darwish", kind="person", affiliation="SDF",
                                 reliability="C", job_title="Spokesman of the Deir Ezzor Military Council",
                                 image="https://images.example/kawa-darwish.jpg")
        source_ops.create_source(project, "Valley Courier", kind="outlet", reliability="B",
                                 same_as=["https://courier.example/"])

        ids: dict[str, str] = {}
        s, e = _quote(project, en, "seized 40 tonnes of wheat")
        ids["corrected"], _ = claim_ops.create_claim_from_passage(
            project, en, s, e, text="Tribal fighters seized 40 tonnes of wheat from the Tell Hamra grain depot.",
            claimant="Jazira Tribal Forces")
        s, e = _quote(project, en, "repelled the attack within an hour")
        ids["person"], _ = claim_ops.create_claim_from_passage(
            project, en, s, e, text="The council’s units repelled the attack on the depot within an hour.",
            claimant="Kawa Darwish")
        s, e = _quote(project, ar, "سيطروا على صوامع الحبوب في تل حمرا")
        ids["arabic"], _ = claim_ops.create_claim_from_passage(
            project, ar, s, e, text="مقاتلون من العشائر سيطروا على صوامع الحبوب في تل حمرا فجر الثلاثاء",
            claimant="Local sources")
        s, e = _quote(project, en, "the army shelled the road to Tell Hamra")
        ids["review"], _ = claim_ops.create_claim_from_passage(
            project, en, s, e, text="The army shelled the road to Tell Hamra.", claimant="Sham Today")
        s, e = _quote(project, en, "the bridge over the canal north of the village had been blown up")
        ids["draft"], _ = claim_ops.create_claim_from_passage(
            project, en, s, e, text="The bridge over the canal north of Tell Hamra was blown up.",
            claimant="Local sources")

        s, e = _quote(project, en, "bread was handed out in the village on Tuesday morning as usual")
        claim_ops.add_passage_evidence(project, ids["corrected"], en, s, e, Stance.REFUTES, credibility=2,
                                       source="Valley Courier")
        s, e = _quote(project, en, "The depot was empty since October")
        claim_ops.add_passage_evidence(project, ids["corrected"], en, s, e, Stance.REFUTES, credibility=4)
        ev_ops.add_url_evidence(project, ids["corrected"], "https://monitor.example/2017/12/12/tell-hamra",
                                Stance.CONTEXT, title="Monitor’s map of the front line, 12 December",
                                accessed="2017-12-13", credibility=3)
        ev_ops.add_note_evidence(project, ids["person"], "Two residents reached by phone said the shooting lasted "
                                 "about an hour and the council’s flag still flew over the depot at noon.",
                                 Stance.SUPPORTS, title="Phone calls to residents", credibility=2)
        s, e = _quote(project, ar, "وقال إن المنطقة هادئة")
        claim_ops.add_passage_evidence(project, ids["arabic"], ar, s, e, Stance.REFUTES, credibility=3,
                                       source="Kawa Darwish")
        verdicts.set_attribution(project, ids["corrected"], ["Jazira Tribal Forces", "Valley Courier"])
        verdicts.set_tags(project, ids["corrected"], ["Tell Hamra", "grain"])

        verdicts.set_verdict(project, ids["corrected"], rating="False", status="final",
                             summary="Residents and the depot’s own staff say no wheat was taken; the depot had "
                                     "been empty for two months.",
                             rationale="The only source is the **Jazira Tribal Forces** channel, which published "
                                       "no photos.\n\n- Residents said bread was handed out as usual.\n"
                                       "- A reader who lives nearby says the depot was empty since October.\n\n"
                                       "See [the monitor’s map](https://monitor.example/2017/12/12/tell-hamra).")
        verdicts.set_verdict(project, ids["person"], rating="Mostly true", status="final",
                             summary="Residents confirm the fighting was short; “within an hour” is the "
                                     "council’s own estimate.",
                             rationale="Two residents independently describe a short exchange of fire.")
        verdicts.set_verdict(project, ids["arabic"], rating="Unproven", status="final",
                             rationale="Only unnamed local sources make the claim; the council denies it.")
        verdicts.set_verdict(project, ids["review"], rating="Mixed", status="review")
        with project.write() as db:  # published a few days ago, so that a later correction updates the page
            for key, day in (("corrected", "2017-12-13"), ("person", "2017-12-14"), ("arabic", "2017-12-15")):
                db["claims"].update(ids[key], {"published_at": f"{day}T09:30:00Z"})
        corrections.add_correction(project, ids["corrected"], "An earlier version said the depot was shelled on "
                                   "Monday; residents place the shelling on Tuesday night.",
                                   change="Date of the shelling corrected", date="2017-12-16")
        corrections.add_correction(project, ids["corrected"], "The depot’s manager confirmed it had been empty "
                                   "since October, which strengthens the rating.",
                                   change="Rating changed from Mostly false to False", date="2017-12-18")
        settings_ops.set_settings(project, author=AUTHOR, base_url=BASE_URL, title=TITLE)
        texts = {k: claim_ops.get_claim(project, v).text for k, v in ids.items()}
    finally:
        project.close()
    return Sample(path, ids, texts)
