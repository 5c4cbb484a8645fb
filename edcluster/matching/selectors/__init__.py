"""Reads of matching, by topic (import them from their modules):

- `products`: the skills a product teaches;
- `coverage`: how well products cover a demand (a request, an occupation, postings);
- `gaps`: demanded skills no published product teaches;
- `reach`: the demand a product meets;
- `proposals`: who reads proposals and who decides them, their consortia and employers;
- `offers`: who sees an offer, the products a member may offer, the requests theirs cover.
"""
