"""The registry of participants as the seed documents list them (factsheet 003).

Contacts are placeholders until the Secretariat imports real ones (`ppflow registry import`).
"""

from __future__ import annotations

from pydantic import BaseModel

from models.domain import Language, ParticipantGroup, ParticipantKind

G = ParticipantGroup


class SeedParticipant(BaseModel):
    id: str
    name: str
    name_ru: str
    kind: ParticipantKind
    group: ParticipantGroup
    language: Language = Language.EN

    @property
    def placeholder_email(self) -> str:
        return f"ncp@{self.id.lower()}.pragueprocess.local"


def _state(code: str, name: str, name_ru: str, group: G, ru: bool = False) -> SeedParticipant:
    return SeedParticipant(
        id=code,
        name=name,
        name_ru=name_ru,
        kind=ParticipantKind.STATE,
        group=group,
        language=Language.RU if ru else Language.EN,
    )


def _body(code: str, name: str, name_ru: str, kind: ParticipantKind, group: G) -> SeedParticipant:
    return SeedParticipant(id=code, name=name, name_ru=name_ru, kind=kind, group=group)


EU = G.EU_SCHENGEN
EAP = G.EASTERN_PARTNERSHIP
WB = G.WESTERN_BALKANS
CA = G.CENTRAL_ASIA
EUB = ParticipantKind.EU_BODY
PO = ParticipantKind.PARTNER_ORGANISATION

SEED_PARTICIPANTS: list[SeedParticipant] = [
    _state("AL", "Albania", "Албания", WB),
    _state("AM", "Armenia", "Армения", EAP, ru=True),
    _state("AT", "Austria", "Австрия", EU),
    _state("AZ", "Azerbaijan", "Азербайджан", EAP, ru=True),
    _state("BY", "Belarus", "Беларусь", EAP, ru=True),
    _state("BE", "Belgium", "Бельгия", EU),
    _state("BA", "Bosnia and Herzegovina", "Босния и Герцеговина", WB),
    _state("BG", "Bulgaria", "Болгария", EU),
    _state("HR", "Croatia", "Хорватия", EU),
    _state("CY", "Cyprus", "Кипр", EU),
    _state("CZ", "Czech Republic", "Чешская Республика", EU),
    _state("DK", "Denmark", "Дания", EU),
    _state("EE", "Estonia", "Эстония", EU),
    _state("FI", "Finland", "Финляндия", EU),
    _state("FR", "France", "Франция", EU),
    _state("GE", "Georgia", "Грузия", EAP),
    _state("DE", "Germany", "Германия", EU),
    _state("GR", "Greece", "Греция", EU),
    _state("HU", "Hungary", "Венгрия", EU),
    _state("IE", "Ireland", "Ирландия", EU),
    _state("IT", "Italy", "Италия", EU),
    _state("KZ", "Kazakhstan", "Казахстан", CA, ru=True),
    _state("XK", "Kosovo*", "Косово*", WB),
    _state("KG", "Kyrgyzstan", "Кыргызстан", CA, ru=True),
    _state("LV", "Latvia", "Латвия", EU),
    _state("LI", "Liechtenstein", "Лихтенштейн", EU),
    _state("LT", "Lithuania", "Литва", EU),
    _state("LU", "Luxembourg", "Люксембург", EU),
    _state("MT", "Malta", "Мальта", EU),
    _state("MD", "Moldova", "Молдова", EAP, ru=True),
    _state("ME", "Montenegro", "Черногория", WB),
    _state("NL", "Netherlands", "Нидерланды", EU),
    _state("MK", "North Macedonia", "Северная Македония", WB),
    _state("NO", "Norway", "Норвегия", EU),
    _state("PL", "Poland", "Польша", EU),
    _state("PT", "Portugal", "Португалия", EU),
    _state("RO", "Romania", "Румыния", EU),
    _state("RU", "Russian Federation", "Российская Федерация", G.RUSSIA, ru=True),
    _state("RS", "Serbia", "Сербия", WB),
    _state("SK", "Slovakia", "Словакия", EU),
    _state("SI", "Slovenia", "Словения", EU),
    _state("ES", "Spain", "Испания", EU),
    _state("SE", "Sweden", "Швеция", EU),
    _state("CH", "Switzerland", "Швейцария", EU),
    _state("TJ", "Tajikistan", "Таджикистан", CA, ru=True),
    _state("TR", "Turkey", "Турция", G.TURKEY),
    _state("TM", "Turkmenistan", "Туркменистан", CA, ru=True),
    _state("UA", "Ukraine", "Украина", EAP),
    _state("GB", "United Kingdom", "Соединённое Королевство", G.UNITED_KINGDOM),
    _state("UZ", "Uzbekistan", "Узбекистан", CA, ru=True),
    _body("EC", "European Commission", "Европейская комиссия", EUB, G.EU_BODIES),
    _body(  # a seat, no contacts: an invitation goes to the state holding it that day
        "PRESIDENCY",
        "Presidency of the Council of the EU",
        "Председательство в Совете ЕС",
        ParticipantKind.EU_PRESIDENCY,
        G.EU_BODIES,
    ),
    _body("ETF", "European Training Foundation", "Европейский фонд образования", EUB, G.EU_BODIES),
    _body("FRONTEX", "Frontex", "Фронтекс", EUB, G.EU_BODIES),
    _body(
        "EUAA",
        "European Union Agency for Asylum (formerly EASO)",
        "Агентство ЕС по вопросам убежища (ранее EASO)",
        EUB,
        G.EU_BODIES,
    ),
    _body(
        "EEAS",
        "European External Action Service",
        "Европейская служба внешних связей",
        EUB,
        G.EU_BODIES,
    ),
    _body(
        "ICMPD",
        "ICMPD (Prague Process Secretariat)",
        "МЦРМП (Секретариат Пражского процесса)",
        PO,
        G.PARTNER_ORGANISATIONS,
    ),
    _body(
        "IOM",
        "International Organization for Migration",
        "Международная организация по миграции",
        PO,
        G.PARTNER_ORGANISATIONS,
    ),
    _body(
        "MARRI",
        "Migration, Asylum, Refugees Regional Initiative",
        "Региональная инициатива MARRI",
        PO,
        G.PARTNER_ORGANISATIONS,
    ),
    _body("UNHCR", "UNHCR", "УВКБ ООН", PO, G.PARTNER_ORGANISATIONS),
]
