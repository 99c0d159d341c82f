"""The impact page's blocks: the common body blocks plus figures worked out from the imported
official statistics."""

from core.blocks import BodyStreamBlock
from official_statistics.blocks import OfficialTrendBlock


class ImpactStreamBlock(BodyStreamBlock):
    official_trend = OfficialTrendBlock()
