"""The sales pages, by topic: `orders` (orders, lines, payments, reports) and `licences`."""
