"""Knowledge kept as data: gazetteer, offices, office holders, triggers, code tables."""
