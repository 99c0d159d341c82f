"""The StreamField blocks: what they require and how they render."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest

from core.blocks import AccessibleImageBlock, BodyStreamBlock, KeyFigureBlock, QuoteBlock


def test_every_block_is_documented_for_editors():
    for name, block in BodyStreamBlock().child_blocks.items():
        assert block.meta.icon, name
        assert block.meta.template, name
        assert block.meta.description, name


def test_key_figure_needs_a_source_and_year():
    block = KeyFigureBlock()
    with pytest.raises(ValidationError):
        block.clean(
            block.to_python({"number": "49%", "label": "fewer plans", "source": "", "year": None})
        )


def test_key_figure_renders_number_label_source_and_year():
    block = KeyFigureBlock()
    html = block.render(
        block.to_python(
            {
                "number": "49%",
                "label": "fewer children on plans",
                "source": "West Berkshire Council",
                "year": 2017,
                "source_url": "https://www.westberks.gov.uk/",
            }
        )
    )
    assert ">49%<" in html
    assert "fewer children on plans" in html
    assert 'href="https://www.westberks.gov.uk/">West Berkshire Council</a>' in html
    assert "2017" in html


def test_quote_renders_as_a_figure_with_attribution():
    block = QuoteBlock()
    html = block.render(
        block.to_python({"text": "We listen first.", "attribution": "Recovery worker"})
    )
    assert "<blockquote" in html and "We listen first." in html
    assert "<figcaption" in html and "Recovery worker" in html


@pytest.mark.django_db
def test_image_needs_alternative_text_not_just_spaces():
    image = get_image_model().objects.create(
        title="Team room", file=ContentFile(_png_bytes(), name="room.png"), width=2, height=2
    )
    block = AccessibleImageBlock()
    block.clean(block.to_python({"image": image.pk, "alt": "A team meeting", "caption": ""}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "alt": "   ", "caption": ""}))


def _png_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_document_link_shows_type_and_size():
    document = get_document_model().objects.create(
        title="Supervision record", file=ContentFile(b"date,family\n" * 100, name="record.csv")
    )
    stream = BodyStreamBlock().to_python(
        [{"type": "document", "value": {"document": document.pk, "title": ""}}]
    )
    html = stream.render_as_block()
    assert "Supervision record" in html
    assert "(CSV, 1.2" in html


def test_key_figures_in_a_row_share_one_grid():
    stream = BodyStreamBlock().to_python(
        [
            {"type": "text", "value": "<p>Intro</p>"},
            *[
                {
                    "type": "key_figure",
                    "value": {"number": str(n), "label": "l", "source": "s", "year": 2017},
                }
                for n in range(3)
            ],
            {"type": "text", "value": "<p>After</p>"},
        ]
    )
    html = stream.render_as_block()
    assert html.count('class="app-key-figures"') == 1
    assert html.count('class="app-key-figure"') == 3
