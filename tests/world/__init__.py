"""The test world, built in code (decision 0036): the tests' own organisations, cast, plans, expert pool,
certificates and FAQ, made through the services on the reference data by the builders of the apps'
``samples`` modules, as a translation of what the demo built (same names and identities). The root
``conftest.py`` loads it once per test database instead of the demo (decision 0036, step 2).

* ``cast``: the people per role (``person(key)``, ``PASSWORD``) and the committees' names;
* ``load.world_load``: everything every database test starts from (no cases);
* ``profiles``, ``businesses``, ``exchange``, ``integrity``: state that some tests add on top (王建国's
  stored profile, his 评审申请 at 河源市, the API's external system, a finding); the loaders say who is who
  and call the builders they share with the demo, the apps' ``samples`` modules (``zhicheng.profiles.samples``…;
  the paper forms' cases are ``zhicheng.documents.samples``);
* ``module``: a world built once per test module in a rolled-back transaction (the crawl, the security tests);
* each app's ``tests/factories.py``: new people, units and cases in a given state (``ProfileFactory(stored=True)``,
  ``EvaluationApplicationFactory(accepted=True)``, ``EvaluationResultFactory(confirmed=True)``…).

Nothing here imports ``zhicheng.demo``: the demo has its own data, and editing it breaks no test
(``tests/test_no_demo_in_tests.py`` keeps it so).
"""
