from django.core.validators import RegexValidator
from django.db import models

from companies.models import TenantModel

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "A colour as #rrggbb, for example #2554c7.")


class CareersSite(TenantModel):
    """A company's public careers page: its address, logo and colours (set in the admin)."""

    slug = models.SlugField(max_length=60, unique=True, help_text="The page lives at /careers/<slug>/.")
    published = models.BooleanField(default=True)
    intro = models.TextField(blank=True, help_text="A short paragraph above the list of jobs.")
    logo = models.ImageField(upload_to="careers/logos/", blank=True)
    # Only validated #rrggbb values reach the generated stylesheet: nothing else can be injected into CSS.
    brand_colour = models.CharField(max_length=7, default="#2554c7", validators=[hex_colour])
    text_on_brand_colour = models.CharField(max_length=7, default="#ffffff", validators=[hex_colour])
    embed_origins = models.CharField(
        max_length=500,
        blank=True,
        help_text="Space-separated origins (https://www.example.com) allowed to frame the embeddable list; "
        "blank allows any site.",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company"], name="careers_site_one_per_company")]

    def __str__(self) -> str:
        return self.slug
