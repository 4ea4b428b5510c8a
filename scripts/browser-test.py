#!/usr/bin/env python3
"""Checks report.html in headless Chromium through Selenium (see scripts/browser-test.sh).

Prints one line per check and a closing "N passed, N failed" line; exits 1 on any failure.
"""
import argparse
import os
import shutil
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import UnexpectedAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition or not detail else f": {detail}"), flush=True)


def find_binary(names):
    for name in names:
        path = shutil.which(name) or (name if os.path.exists(name) else None)
        if path:
            return path
    sys.exit(f"browser-test: none of {names} found; install Debian's chromium and chromium-driver")


def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = find_binary(["chromium", "/usr/bin/chromium", "chromium-browser"])
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,2000",
                "--force-device-scale-factor=1", "--lang=de-DE"]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=find_binary(["chromedriver", "/usr/bin/chromedriver"]))
    return webdriver.Chrome(service=service, options=options)


def console_errors(d):
    return [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]


def visible_rows(d):
    return d.find_elements(By.CSS_SELECTOR, "#segments tbody tr")


def load(d, path):
    d.get("file://" + os.path.abspath(path))
    time.sleep(0.3)


def test_corpus(d, path, shots):
    load(d, path)
    check("corpus report loads without console errors", not console_errors(d), console_errors(d))
    total = len(visible_rows(d))
    check("explorer lists segments", total > 0, total)
    group = Select(d.find_element(By.ID, "f-group"))
    choice = group.options[1].get_attribute("value")
    group.select_by_value(choice)
    rows = visible_rows(d)
    groups = {r.find_elements(By.TAG_NAME, "td")[1].text for r in rows}
    check(f"group filter '{choice}' changes the visible rows", 0 < len(rows) < total, f"{len(rows)} of {total}")
    check("every visible row belongs to the chosen group", groups == {choice}, groups)
    rows[0].find_element(By.CSS_SELECTOR, "button.open").click()
    marks = d.find_elements(By.CSS_SELECTOR, "#detail mark.term")
    check("drill-down shows a quote with a highlighted term", d.find_element(By.ID, "detail").is_displayed() and marks
          and marks[0].text.strip(), len(marks))
    check("drill-down shows the full turn with the segment marked", d.find_elements(By.CSS_SELECTOR, "#detail blockquote.turn .seg"))
    Select(d.find_element(By.ID, "f-group")).select_by_value("")
    d.find_element(By.ID, "f-query").send_keys("Bus")
    rows = visible_rows(d)
    check("full-text search narrows the rows", 0 < len(rows) < total and all("bus" in r.text.lower() for r in rows), len(rows))
    d.find_element(By.ID, "f-reset").click()
    # Keyboard: Tab to the first sort button of the ranking table and sort with Enter.
    first_rank = d.find_element(By.CSS_SELECTOR, "#ranking-table tbody tr td").text
    button = d.find_element(By.CSS_SELECTOR, "#ranking-table thead th button")
    button.send_keys(Keys.ENTER)
    button.send_keys(Keys.ENTER)
    check("ranking table sorts by keyboard", d.find_element(By.CSS_SELECTOR, "#ranking-table tbody tr td").text != first_rank)
    heat = d.find_elements(By.CSS_SELECTOR, ".heatmap g.cell[role=button]")
    if heat:
        d.execute_script("arguments[0].focus()", heat[0])
        heat[0].send_keys(Keys.ENTER)
        code = heat[0].get_attribute("data-code")
        check("heatmap cell opens its segments (keyboard)", Select(d.find_element(By.ID, "f-code")).first_selected_option.get_attribute("value") == code)
    check("no console errors after interaction", not console_errors(d), console_errors(d))
    d.execute_script("window.scrollTo(0, 0)")
    d.save_screenshot(os.path.join(shots, "report.png"))
    # A drill-down screenshot for review.
    d.find_element(By.ID, "f-reset").click()
    visible_rows(d)[0].find_element(By.CSS_SELECTOR, "button.open").click()
    d.save_screenshot(os.path.join(shots, "report-detail.png"))


def test_fixture(d, path):
    try:
        load(d, path)
        alert = False
    except UnexpectedAlertPresentException:
        alert = True
    check("fixture report opens without an alert", not alert)
    check("fixture report loads without console errors", not console_errors(d), console_errors(d))
    pwned = d.execute_script("return window.__pwned === undefined ? null : window.__pwned")
    check("transcript markup never runs as script", pwned is None, pwned)
    check("page has only its own two script elements", d.execute_script("return document.scripts.length") == 2)
    check("no injected img element", not d.find_elements(By.CSS_SELECTOR, "img"))
    d.find_element(By.ID, "f-query").send_keys("Technik")
    text = " ".join(r.text for r in visible_rows(d))
    d.find_element(By.ID, "f-reset").click()
    d.find_element(By.ID, "f-query").send_keys("Bus")
    texts = [r.text for r in visible_rows(d)]
    joined = " ".join(texts)
    check("'&' in a transcript shows as text", "Bus & Bahn" in joined, joined[:200])
    check("names are pseudonymised in the page", "Hertel" not in d.page_source and "Zapf" not in d.page_source)
    row = next(r for r in visible_rows(d) if "Bus & Bahn" in r.text)
    row.find_element(By.CSS_SELECTOR, "button.open").click()
    turn = d.find_element(By.CSS_SELECTOR, "#detail blockquote.turn").text
    check("'</script><script>' in a transcript shows as text in the turn",
          "</script><script>window.__pwned = 1</script>" in turn, turn[:200])


def readme_screenshot(d, path, out):
    """The screenshot of docs/: ranking on top, then one field's segments with a drill-down."""
    load(d, path)
    d.set_window_size(1200, 1500)
    d.save_screenshot(out + ".top.png")
    Select(d.find_element(By.ID, "f-code")).select_by_index(1)
    visible_rows(d)[0].find_element(By.CSS_SELECTOR, "button.open").click()
    d.execute_script("document.getElementById('explorer').scrollIntoView()")
    d.save_screenshot(out + ".explorer.png")
    d.set_window_size(1280, 2000)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--fixture", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--screenshots", required=True)
    p.add_argument("--readme-screenshot", help="also write PATH.top.png and PATH.explorer.png of the corpus report "
                                               "(docs/report-screenshot.png and docs/report-explorer.png)")
    args = p.parse_args()
    d = driver()
    try:
        if args.readme_screenshot:
            readme_screenshot(d, args.corpus, args.readme_screenshot)
        test_fixture(d, args.fixture)
        test_corpus(d, args.corpus, args.screenshots)
    finally:
        d.quit()
    failed = results.count(False)
    print(f"browser-test: {len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
