"""The shared vocabulary of demand and supply: ESCO skills and occupations, with our aliases.

Everything is keyed by its URI (ESCO's, or ours under CLUSTER_NAMESPACE for what ESCO lacks), so
a later ESCO version loads over an earlier one and links made elsewhere stay valid.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edcluster.core.models import TimeStampedModel
from edcluster.core.runs import Run
from edcluster.core.text import fold_spaces

CLUSTER_NAMESPACE = "https://edcluster.org/skill/"


class Taxonomy(models.Model):
    """A loaded release of a taxonomy (ESCO v1.1.1 …): what the extractor's caches are keyed by."""

    name = models.CharField(_("name"), max_length=40)
    version = models.CharField(_("version"), max_length=20)
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        verbose_name = _("taxonomy release")
        verbose_name_plural = _("taxonomy releases")
        constraints = [models.UniqueConstraint(fields=["name"], name="skills_taxonomy_name")]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class Concept(models.Model):
    """What skills, groups and occupations share: URI, labels, description, release."""

    uri = models.CharField(_("URI"), max_length=200, unique=True)
    label = models.CharField(_("preferred label"), max_length=300)
    label_ru = models.CharField(_("Russian label"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    version = models.CharField(_("release"), max_length=20, blank=True)
    obsolete = models.BooleanField(_("no longer in the taxonomy"), default=False)

    class Meta:
        abstract = True
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label

    def title(self, language: str) -> str:
        return self.label_ru if language.startswith("ru") and self.label_ru else self.label


class SkillGroup(Concept):
    """A node of ESCO's skills pillar above the skills (e.g. S1 "communication, collaboration")."""

    code = models.CharField(_("code"), max_length=20, blank=True)

    class Meta(Concept.Meta):
        verbose_name = _("skill group")
        verbose_name_plural = _("skill groups")


# ESCO's reuse levels of a skill, by the value its CSV gives.
REUSE_LEVELS = {
    "transversal": pgettext_lazy("skill reuse level", "transversal"),
    "cross-sector": pgettext_lazy("skill reuse level", "cross-sector"),
    "sector-specific": pgettext_lazy("skill reuse level", "sector-specific"),
    "occupation-specific": pgettext_lazy("skill reuse level", "occupation-specific"),
}


class Skill(Concept):
    class Kind(models.TextChoices):
        SKILL = "skill/competence", _("skill or competence")
        KNOWLEDGE = "knowledge", _("knowledge")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, blank=True)
    reuse_level = models.CharField(_("reuse level"), max_length=30, blank=True)

    class Meta(Concept.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("skills:skill", args=[self.pk])


class Occupation(Concept):
    isco_code = models.CharField(_("ISCO-08 group"), max_length=10, blank=True)
    code = models.CharField(_("ESCO code"), max_length=40, blank=True)
    skills = models.ManyToManyField(Skill, through="OccupationSkill", related_name="occupations")

    class Meta(Concept.Meta):
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("skills:occupation", args=[self.pk])


class OccupationSkill(models.Model):
    class Relation(models.TextChoices):
        ESSENTIAL = "essential", _("essential")
        OPTIONAL = "optional", _("optional")

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_links")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="skills_occupation_skill")
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id} → {self.skill_id} ({self.relation})"


class Broader(models.Model):
    """One edge of the skills pillar: a skill or group and its broader skill or group (URIs)."""

    uri = models.CharField(max_length=200, db_index=True)
    broader_uri = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["uri", "broader_uri"], name="skills_broader_edge")
        ]

    def __str__(self) -> str:
        return f"{self.uri} ⊂ {self.broader_uri}"


class SkillAlias(TimeStampedModel):
    """Another name of a skill, group or occupation in a language: ESCO's alternative labels,
    the Russian names the edcluster team wrote (data/aliases_ru*.tsv), and what operators add."""

    class Source(models.TextChoices):
        ESCO = "esco", _("ESCO")
        CLUSTER = "edcluster", _("written by the edcluster team")
        OPERATOR = "operator", _("added by an operator")

    uri = models.CharField(_("URI"), max_length=200, db_index=True)
    language = models.CharField(_("language"), max_length=2)
    text = models.CharField(_("text"), max_length=300)
    norm = models.CharField(max_length=300, db_index=True, editable=False)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    origin = models.CharField(
        _("data file"),
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text=_("The file of edcluster/skills/data a name written by the team comes from."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["language", "text"]
        constraints = [
            models.UniqueConstraint(fields=["uri", "language", "norm"], name="skills_alias_once")
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"

    def save(self, *args, **kwargs) -> None:
        self.norm = fold_spaces(self.text)
        super().save(*args, **kwargs)


class ExtractionRun(Run):
    """A long text's skill extraction, run as a task (`POST /api/skills/extract` answers 202
    with it) and polled by the person who asked (`GET /api/skills/extract/runs/{id}`)."""

    text = models.TextField(_("text"))
    dense = models.BooleanField(_("meaning-based matching"), default=False)
    skills = models.JSONField(_("skills found"), default=list, blank=True)

    class Meta(Run.Meta):
        verbose_name = _("skill extraction")
        verbose_name_plural = _("skill extractions")

    def __str__(self) -> str:
        return f"{self.pk}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return f"/api/skills/extract/runs/{self.pk}"
