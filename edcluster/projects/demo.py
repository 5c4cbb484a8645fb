def demo_projects_seeder(options):
    raise NotImplementedError
