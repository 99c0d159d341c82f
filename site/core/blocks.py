"""StreamField blocks shared by every page type."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        help_text="What was said. Paraphrase unless it is a published quotation."
    )
    attribution = blocks.CharBlock(max_length=200, help_text="Who said it: a role, not a name.")

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote.html"
        description = "A quotation with its attribution"
        preview_value = {
            "text": "Working alongside adult specialists changed how families see us.",
            "attribution": "Consultant social worker",
        }


class KeyFigureBlock(blocks.StructBlock):
    number = blocks.CharBlock(
        max_length=30, help_text='The figure as it should read, such as "49%" or "£2.8m".'
    )
    label = blocks.CharBlock(max_length=200, help_text="What the figure measures.")
    source = blocks.CharBlock(max_length=250, help_text="Who published the figure.")
    year = blocks.IntegerBlock(
        required=False,
        min_value=1990,
        max_value=2100,
        help_text="The year the source gives for the figure. Leave it empty where the source "
        "gives none: the page then says the date is not given, rather than guessing.",
    )
    source_url = blocks.URLBlock(required=False, help_text="Where a reader can check the figure.")

    class Meta:
        icon = "pick"
        template = "core/blocks/key_figure.html"
        description = "A headline number with its label, source and year"
        preview_value = {
            "number": "49%",
            "label": "fewer children on child protection plans",
            "source": "Department for Education",
            "year": 2017,
        }


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "core/blocks/callout.html"
        description = "A highlighted note that stands out from the text around it"
        preview_value = {"title": "Before you start", "text": "<p>Agree the partnership first.</p>"}


class AccessibleImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt = blocks.CharBlock(
        max_length=250,
        label="Alternative text",
        help_text="Describe what the image shows for people who cannot see it.",
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "core/blocks/image.html"
        description = "An image with required alternative text and an optional caption"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        max_length=200, required=False, help_text="Link text; the document title if empty."
    )

    class Meta:
        icon = "doc-full"
        template = "core/blocks/document_link.html"
        description = "A link to download a document, with its type and size"


class BodyStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="core/blocks/text.html",
        description="Paragraphs, headings, lists and links",
        preview_value="<p>Family Safeguarding brings adult specialists into children's social work teams.</p>",
    )
    quote = QuoteBlock()
    key_figure = KeyFigureBlock()
    callout = CalloutBlock()
    image = AccessibleImageBlock()
    document = DocumentLinkBlock()

    class Meta:
        template = "core/blocks/stream.html"
