"""The demo: organisations across Guangdong, committees, a fixed cast of people per role, and the cases,
plans, certificates, announcements and external system that ``./manage.sh run`` shows (``load_demo_data``).

It sits above every domain app (it builds its data through their services) and nothing in the domain
apps imports it; ``zhicheng.common`` stays the ground that imports no project app (decision 0029).
"""
