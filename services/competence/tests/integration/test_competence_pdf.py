"""The printed Kompetenznachweis: German beside the person's language, extractable, verifiable."""

from __future__ import annotations

from typing import Any

import httpx

from wir_kit.testing.districts import BERGSTRASSE


async def fill(http: httpx.AsyncClient, headers: Any, person_id: Any, samples: dict[str, Any]) -> None:
    for kind in ("schooling", "training", "work", "language", "course"):
        answer = await http.post(f"/records/{person_id}/entries", json=samples[kind], headers=headers())
        assert answer.status_code == 201
    arabic_provider = samples["course"] | {
        "course": "expina_event",
        "provider": "مركز الأمل",
        "status": "completed",
        "outcome": "attended",
        "language_level": None,
    }
    await http.post(f"/records/{person_id}/entries", json=arabic_provider, headers=headers())


async def test_a_german_and_arabic_record_reads_back_in_both_languages(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any], read_pdf: Any
) -> None:
    person_id = await register(language="arb")
    await fill(http, headers, person_id, samples)

    answer = await http.get(f"/records/{person_id}/document.pdf", headers=headers())
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    pdf = read_pdf(answer.content)
    german = [
        "Kompetenznachweis",
        "Kreis Bergstraße",
        "Schulbildung",
        "Sekundarbereich II",
        "Berufsausbildung: Elektrotechnik",
        "teilweise gleichwertig",
        "7512 Bäcker, Konditoren und Süßwarenhersteller",
        "Hören: B1",
        "Prüfung: DTZ",
        "Integrationskurs",
        "Träger: VHS Bergstraße",
        "ExpinA-Informationsveranstaltung",
        "30.09.2026",
    ]
    arabic = [
        "إثبات الكفاءات",
        "التعليم المدرسي",
        "الخبرة المهنية",
        "المهارات اللغوية",
        "الاستماع",
        "دورة الاندماج",
        "معادلة جزئية",
        "الجمهوريّة العربيّة السّوريّة",
        "مركز الأمل",
    ]
    assert [phrase for phrase in german if phrase not in pdf.text] == []
    assert [phrase for phrase in arabic if not pdf.has(phrase)] == []
    assert "2026-09-30" in pdf.text  # dates in the Arabic column stay in reading order
    assert str(person_id) in pdf.text


async def test_a_german_and_ukrainian_record_reads_back_in_both_languages(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any], read_pdf: Any
) -> None:
    person_id = await register(language="ukr")
    await fill(http, headers, person_id, samples)

    pdf = read_pdf((await http.get(f"/records/{person_id}/document.pdf", headers=headers())).content)
    ukrainian = [
        "Підтвердження компетенцій",
        "Шкільна освіта",
        "Досвід роботи",
        "Знання мов",
        "Аудіювання: B1",
        "Інтеграційний курс",
        "частково рівноцінно",
        "Країна: Сирія",
        "Bakers, pastry-cooks and confectionery makers",
    ]
    assert [phrase for phrase in ukrainian if phrase not in pdf.text] == []
    assert "Kompetenznachweis" in pdf.text and "Integrationskurs" in pdf.text


async def test_the_language_asked_for_wins_over_the_preferred_one(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any], read_pdf: Any
) -> None:
    person_id = await register(language="prs")
    await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=headers())

    preferred = read_pdf((await http.get(f"/records/{person_id}/document.pdf", headers=headers())).content)
    assert preferred.has("گواهی تحصیلات مدرسه")  # Dari reads the Persian labels
    turkish = await http.get(f"/records/{person_id}/document.pdf", params={"lang": "tur"}, headers=headers())
    assert "Yeterlilik belgesi" in read_pdf(turkish.content).text
    tigrinya = await http.get(f"/records/{person_id}/document.pdf", params={"lang": "tir"}, headers=headers())
    assert "Competence record" in read_pdf(tigrinya.content).text  # no Tigrinya labels: English


async def test_an_unknown_language_is_refused(register: Any, http: httpx.AsyncClient, headers: Any) -> None:
    person_id = await register()
    answer = await http.get(f"/records/{person_id}/document.pdf", params={"lang": "zz"}, headers=headers())
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "lang"]


async def test_a_long_record_breaks_onto_more_pages(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any], read_pdf: Any
) -> None:
    person_id = await register()
    for _ in range(4):
        await fill(http, headers, person_id, samples)
    pdf = read_pdf((await http.get(f"/records/{person_id}/document.pdf", headers=headers())).content)
    assert pdf.pages >= 3
    assert f"Seite {pdf.pages}/{pdf.pages}" in pdf.text


async def test_the_printed_code_verifies_district_version_and_day_without_the_person(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any], read_pdf: Any
) -> None:
    person_id = await register()
    await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=headers())
    pdf = read_pdf((await http.get(f"/records/{person_id}/document.pdf", headers=headers())).content)
    [code] = {word for word in pdf.words if word.startswith(f"{BERGSTRASSE}-")}
    assert f"/verify/{code}" in pdf.text

    answer = await http.get(f"/verify/{code}")  # no account needed
    assert answer.status_code == 200
    facts = answer.json()
    assert facts["district_name"] == "Kreis Bergstraße"
    assert facts["record_version"] == 1
    assert facts["superseded"] is False
    assert str(person_id) not in answer.text

    await http.post(f"/records/{person_id}/entries", json=samples["course"], headers=headers())
    assert (await http.get(f"/verify/{code.lower()}")).json()["superseded"] is True


async def test_a_made_up_code_verifies_nothing(http: httpx.AsyncClient) -> None:
    for code in (f"{BERGSTRASSE}-AAAA-BBBB-CCCC", "99999-AAAA-BBBB-CCCC", "nonsense"):
        assert (await http.get(f"/verify/{code}")).status_code == 404
