"""StreamField blocks of the careers index and of job postings."""

from django.core.exceptions import ValidationError
from wagtail import blocks

from .markdown.questions import (
    CHOICE_TYPES,
    HELP_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    MAX_QUESTIONS,
    NAME_MAX_LENGTH,
    OPTION_MAX_LENGTH,
    Question,
    question_problems,
)

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


# In the APIs every section is one shape, {heading, subheading, items}, whatever
# the block stores (a bare list of cards here; steps in the hiring process), so
# that a frontend renders them all alike. Careers Markdown keeps the stored shape.


class HowWeWorkBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(CardBlock(), **kwargs)

    def get_api_representation(self, value, context=None):
        return {
            "heading": str(self.label),
            "subheading": "",
            "items": super().get_api_representation(value, context),
        }

    class Meta:
        icon = "group"
        label = "How we work"
        help_text = "Cards about the way the team works."


class SectionBlock(blocks.StructBlock):
    """A section with a heading and a subheading over a list, stored under
    ``items_name``: the APIs name the list ``items`` whatever it is stored as."""

    heading = blocks.CharBlock(max_length=120)
    subheading = blocks.TextBlock(required=False)
    items_name = "items"

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context)
        representation["items"] = representation.pop(self.items_name)
        return representation


class BenefitsBlock(SectionBlock):
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


class HiringProcessBlock(SectionBlock):
    steps = blocks.ListBlock(HiringStepBlock())
    items_name = "steps"

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


# Application questions ---------------------------------------------------------
# One block type per question type, named as Careers Markdown spells it; the
# hiring app checks the answers (careers_pages/hiring/answers.py).


class QuestionBlock(blocks.StructBlock):
    name = blocks.RegexBlock(
        regex=r"^[a-z][a-z0-9_]*$",
        max_length=NAME_MAX_LENGTH,
        help_text="A stable key for the answers: lower-case letters, digits and '_'. "
        "Keep it once applications have come in.",
        error_messages={
            "invalid": "Use lower-case letters, digits and '_', starting with a letter."
        },
    )
    label = blocks.CharBlock(max_length=LABEL_MAX_LENGTH)
    help_text = blocks.CharBlock(max_length=HELP_MAX_LENGTH, required=False)
    required = blocks.BooleanBlock(required=False)
    private = blocks.BooleanBlock(
        required=False,
        help_text="Voluntary self-identification: stored apart from the application and "
        "only ever reported in aggregate.",
    )

    class Meta:
        icon = "help"


class ChoiceQuestionBlock(QuestionBlock):
    options = blocks.ListBlock(blocks.CharBlock(max_length=OPTION_MAX_LENGTH, label="Option"))


class QuestionsBlock(blocks.StreamBlock):
    """The questions of an application form, after its standard fields."""

    text = QuestionBlock(label="Short text", icon="pilcrow")
    textarea = QuestionBlock(label="Long text", icon="doc-full")
    choice = ChoiceQuestionBlock(label="Single choice", icon="radio-full")
    multichoice = ChoiceQuestionBlock(label="Multiple choice", icon="list-ul")
    boolean = QuestionBlock(label="Yes/no", icon="tick-inverse")
    number = QuestionBlock(label="Number", icon="order")
    date = QuestionBlock(label="Date", icon="date")
    url = QuestionBlock(label="URL", icon="link")
    file = QuestionBlock(label="File", icon="doc-empty")

    class Meta:
        max_num = MAX_QUESTIONS

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        for position, problem in question_problems(questions_of(value)):
            errors.setdefault(position, ValidationError(problem))
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value


def questions_of(stream) -> list[Question]:
    """A questions StreamField's value as :class:`Question` objects."""
    return [
        Question(
            name=child.value["name"],
            type=child.block_type,
            label=child.value["label"],
            required=bool(child.value["required"]),
            options=tuple(child.value.get("options") or ()),
            help=child.value["help_text"] or "",
            private=bool(child.value["private"]),
        )
        for child in stream
    ]


def question_blocks(questions) -> list[tuple[str, dict]]:
    """:class:`Question` objects as a questions StreamField's raw value."""
    out = []
    for question in questions:
        value = {
            "name": question.name,
            "label": question.label,
            "help_text": question.help,
            "required": question.required,
            "private": question.private,
        }
        if question.type in CHOICE_TYPES:
            value["options"] = list(question.options)
        out.append((question.type, value))
    return out
