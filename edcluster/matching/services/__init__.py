"""Writes of matching, by topic (import them from their modules; this package imports none, so
that `tasks`, which calls some of them, and the services that enqueue tasks form no cycle):

- `linking`: the extractor links products to the skills their outcomes teach;
- `product_skills`: editors confirm, remove and add skills; relinking on outcome changes;
- `reach`: the stored counts of the demand products meet;
- `proposals`: drafting proposals from gaps, accepting and declining them;
- `offers`: offers between employers and product owners; `notify`: their mails.
"""
