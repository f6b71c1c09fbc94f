"""StreamField blocks of the careers index and of job postings."""

from wagtail import blocks

# What postings' rich text may hold: exactly what Careers Markdown can write.
INLINE_FEATURES = ["bold", "italic", "link", "code"]
RICH_TEXT_FEATURES = [*INLINE_FEATURES, "ul"]


class ListItemBlock(blocks.RichTextBlock):
    """One responsibility or qualification: a line of inline rich text."""

    def __init__(self, **kwargs):
        super().__init__(features=INLINE_FEATURES, **kwargs)

    class Meta:
        icon = "list-ul"
        label = "Item"


class CardBlock(blocks.StructBlock):
    icon = blocks.CharBlock(
        max_length=50, help_text="A Lucide icon name, such as 'crown' or 'heart'."
    )
    title = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock()

    class Meta:
        icon = "doc-full"
        label = "Card"


class HowWeWorkBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(CardBlock(), **kwargs)

    class Meta:
        icon = "group"
        label = "How we work"
        help_text = "Cards about the way the team works."


class BenefitsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    subheading = blocks.TextBlock(required=False)
    items = blocks.ListBlock(CardBlock())

    class Meta:
        icon = "pick"
        label = "Benefits"


class HiringStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    tips = blocks.ListBlock(blocks.CharBlock(label="Tip"))

    class Meta:
        icon = "arrow-right"
        label = "Step"


class HiringProcessBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    subheading = blocks.TextBlock(required=False)
    steps = blocks.ListBlock(HiringStepBlock())

    class Meta:
        icon = "tasks"
        label = "Hiring process"


class IndexSectionsBlock(blocks.StreamBlock):
    how_we_work = HowWeWorkBlock()
    benefits = BenefitsBlock()
    hiring_process = HiringProcessBlock()

    class Meta:
        block_counts = {
            "how_we_work": {"max_num": 1},
            "benefits": {"max_num": 1},
            "hiring_process": {"max_num": 1},
        }
