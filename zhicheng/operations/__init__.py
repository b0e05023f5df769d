"""Operations that span the domain apps: the list of scheduled jobs (:mod:`.schedule`, ``run_schedule``) and
the reference data every installation loads (``load_reference_data``: regions, HR bureaus, catalogue,
calendar). It sits above the domain apps, so that ``zhicheng.common`` imports no project app (decision 0029).
"""
