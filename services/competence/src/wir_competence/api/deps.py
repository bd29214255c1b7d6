"""What competence's routes take besides the kit's database and callers (`Staff`): its settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from wir_competence.settings import CompetenceSettings
from wir_kit import settings_of

#: Competence's own settings, as `main.build` read them.
Config = Annotated[CompetenceSettings, Depends(settings_of(CompetenceSettings))]
