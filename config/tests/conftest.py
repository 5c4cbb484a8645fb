"""The totals of the API fuzz run (test_api_fuzz.py), printed after the tests: the figures
`make fuzz` reports."""

import sys


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    fuzz = sys.modules.get("config.tests.test_api_fuzz")
    if fuzz is None or not fuzz.TOTALS["examples"]:
        return
    totals = fuzz.TOTALS
    tests = [
        report
        for kind in ("passed", "failed")
        for report in terminalreporter.stats.get(kind, [])
        if report.when == "call" and "test_api_fuzz.py" in report.nodeid
    ]
    failed = sum(1 for report in tests if report.failed)
    terminalreporter.write_line(
        f"API fuzz: {len(totals['operations'])} operations, {len(fuzz.PERSONAS)} personas, "
        f"{len(tests)} tests, {totals['examples']} examples ({fuzz.EXAMPLES} at most per "
        f"operation and persona), {failed} failed, {totals['seconds']:.0f} s in requests"
    )
