"""The Extended Migration Profile template (the European Commission's structure, as the Prague
Process used it): section ids, titles in both languages and the skeleton of each section."""

from __future__ import annotations

from dataclasses import dataclass

from models.domain import Language


@dataclass(frozen=True)
class ProfileSection:
    id: str
    title_en: str
    title_ru: str
    skeleton: str = ""

    def title(self, language: Language) -> str:
        return self.title_ru if language == Language.RU else self.title_en


_YEARS = "| Indicator | 2022 | 2023 | 2024 | 2025 |"


def _stats(*indicators: str) -> str:
    return "\n".join([_YEARS, *(f"| {name} |  |  |  |  |" for name in indicators)])


PROFILE_SECTIONS: tuple[ProfileSection, ...] = (
    ProfileSection("emp-summary", "Executive summary", "Резюме"),
    ProfileSection(
        "emp-method",
        "Introduction and methodology",
        "Введение и методология",
        "Sources, data owners and the consultation of national authorities and stakeholders.",
    ),
    ProfileSection(
        "emp-context",
        "Socio-economic context",
        "Социально-экономический контекст",
        _stats("Population (thousands)", "GDP per capita (USD)", "Unemployment rate (%)"),
    ),
    ProfileSection(
        "emp-trends",
        "Migration trends",
        "Миграционные тенденции",
        "## Immigration\n\n"
        + _stats("Residence permits issued", "Work permits issued")
        + "\n\n## Emigration\n\n"
        + _stats("Emigrants registered")
        + "\n\n## Irregular migration\n\n"
        + _stats("Irregular stays detected")
        + "\n\n## Asylum\n\n"
        + _stats("Asylum applications", "Recognition rate (%)")
        + "\n\n## Return\n\n"
        + _stats("Returns carried out", "Readmission requests"),
    ),
    ProfileSection("emp-legal", "Legal and policy framework", "Правовая и политическая база"),
    ProfileSection("emp-institutions", "Institutional framework", "Институциональная база"),
    ProfileSection(
        "emp-labour",
        "Labour migration",
        "Трудовая миграция",
        _stats("Labour migrants (inflow)", "Labour migrants (outflow)"),
    ),
    ProfileSection(
        "emp-diaspora",
        "Diaspora and remittances",
        "Диаспора и денежные переводы",
        _stats("Remittances received (USD million)", "Remittances (% of GDP)"),
    ),
    ProfileSection("emp-development", "Migration and development", "Миграция и развитие"),
    ProfileSection("emp-gaps", "Data gaps and recommendations", "Пробелы в данных и рекомендации"),
)

PROFILE_IDS = {s.id for s in PROFILE_SECTIONS}
