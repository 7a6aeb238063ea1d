"""The composition: the one place that imports every app and wires them together.

The apps depend one way (ladder <- profiles <- mentoring) and the infrastructure in
careerpath/ imports none of them. What needs them all lives here: the table of which writes
move which data versions (writes.py), the providers an app offers to one below it
(apps.py), the account pages and mail adapter that span the apps (account.py), and the
site-wide crawler files (site.py). It is an installed app, so its `ready()` runs at start-up.
"""
