#!/usr/bin/env python3
"""End-to-end test of `assess serve` in a real browser (headless Chromium over WebDriver).

Builds a cohort of three quickstart submissions, creates accounts, starts the server on a free
loopback port, then: a reviewer signs in and grades the three submissions' manual criterion with
the keyboard alone; applies a bank comment by key and edits it (every submission using it shows
the new text); a second session provokes a conflict and is shown both values; the instructor
releases; a learner signs in and sees exactly one report, their own.

    python3 Tests/Browser/review_e2e.py --assess .build/debug/assess [--screenshots docs]

Exit 0 when every step holds, 1 on the first that does not (with the page's text), 77 when
Chromium, its driver or selenium is missing (the Makefile says so and skips).
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "correct horse battery"

try:
    from selenium import webdriver
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.chrome.service import Service
except ImportError:
    print("review browser test: skipped: python3 has no selenium (pip install selenium)")
    sys.exit(77)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Failure(Exception):
    pass


def check(condition, message, driver=None):
    if not condition:
        text = driver.find_element(By.TAG_NAME, "body").text[:2000] if driver else ""
        raise Failure(f"{message}\n--- page ---\n{text}")


def browser(shots):
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                 "--disable-gpu", "--force-device-scale-factor=1"]:
        options.add_argument(flag)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(driver_path), options=options)


def keys(driver, *sequence):
    """Presses keys on the page (not in a field): WebDriver sends real key events, so the
    page's handler sees event.code as it would from a keyboard."""
    chain = ActionChains(driver)
    for key in sequence:
        chain.send_keys(key)
    chain.perform()


def wait_for(driver, condition, message, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        try:
            if condition():
                return
        except Exception:
            pass
        time.sleep(0.05)
    check(False, message, driver)


def wait_stale(driver, element, message):
    """Waits until `element` is gone from the page: the form it sent has been answered."""
    def gone():
        try:
            element.is_enabled()
            return False
        except Exception:
            return True
    wait_for(driver, gone, message)


def sign_in(driver, base, name):
    driver.get(base + "/login")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
    wait_for(driver, lambda: "/login" not in driver.current_url, f"{name} could not sign in")


def sign_out(driver):
    wait_for(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "form[action='/logout'] button"),
             "no sign-out button")
    driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    wait_for(driver, lambda: "/login" in driver.current_url, "sign-out did not return to the sign-in page")


def current_pseudonym(driver):
    return driver.current_url.split("/s/")[1].split("?")[0].split("/")[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--assess", required=True)
    parser.add_argument("--screenshots", help="folder to write the docs' PNG screenshots to")
    args = parser.parse_args()
    if not (shutil.which("chromium") or shutil.which("chromium-browser")) or not shutil.which("chromedriver"):
        print("review browser test: skipped: chromium or chromium-driver is not installed")
        return 77
    work = tempfile.mkdtemp(prefix="assess-e2e-")
    cohort = os.path.join(work, "cohort")
    os.makedirs(cohort)
    for index in (1, 2, 3):
        target = os.path.join(cohort, f"s{index}")
        shutil.copytree(os.path.join(ROOT, "Submissions", "quickstart-pass"), target)
        with open(os.path.join(target, "assess.yaml"), "w") as f:
            f.write(f"rubric: quickstart-service-design\nlearner: learner-{index}\n")
    env = dict(os.environ, ASSESS_PASSWORD=PASSWORD)
    for name, role, learner in [("ines", "instructor", None), ("dana", "reviewer", None),
                                ("omar", "reviewer", None), ("learner1", "learner", "s1")]:
        command = [args.assess, "serve", cohort, "--add-user", name, "--role", role]
        if learner:
            command += ["--learner", learner]
        subprocess.run(command, env=env, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [args.assess, "serve", cohort, "--rubric", os.path.join(ROOT, "Rubrics", "quickstart.yaml"),
         "--port", str(port)], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=open(os.path.join(work, "server.log"), "w"))
    drivers = []
    steps = 0

    def shot(driver, name):
        if args.screenshots:
            driver.save_screenshot(os.path.join(args.screenshots, name))

    try:
        end = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/login", timeout=2)
                break
            except Exception:
                if server.poll() is not None or time.time() > end:
                    raise Failure("the server did not start:\n" + open(os.path.join(work, "server.log")).read())
                time.sleep(0.2)
        dana = browser(args.screenshots)
        drivers.append(dana)
        sign_in(dana, base, "dana")
        shot(dana, "review-dashboard.png")
        steps += 1

        # 1. Three submissions graded with the keyboard alone: from the criterion's queue, "1"
        #    scores the top level and "n" moves to the next ungraded submission.
        dana.get(base + "/queue/boundaries-judgement")
        graded = []
        for index in range(3):
            wait_for(dana, lambda: "/s/" in dana.current_url, "the queue did not open a submission")
            graded.append(current_pseudonym(dana))
            if index == 0:
                shot(dana, "review-grading.png")
            keys(dana, "1")
            wait_for(dana, lambda: dana.find_elements(By.CSS_SELECTOR, "button.level.chosen"),
                     "pressing 1 did not save a level")
            check("100%" in dana.find_element(By.ID, "score").text, "the score did not reach 100%", dana)
            check(dana.find_element(By.ID, "verdict").text == "passed", "the verdict did not turn passed", dana)
            keys(dana, "n")
            if index < 2:
                wait_for(dana, lambda: current_pseudonym(dana) not in graded, "n did not move to the next submission")
        wait_for(dana, lambda: "All scored" in dana.page_source, "the queue is not empty after three")
        check(len(set(graded)) == 3, f"graded {graded}, not three different submissions")
        dana.get(base + "/")
        check("3/3" in dana.find_element(By.TAG_NAME, "body").text, "the dashboard does not show 3/3", dana)
        steps += 1

        # 2. A bank comment: added once, applied by Shift+1 to two submissions, edited once.
        first, second = graded[0], graded[1]
        dana.get(f"{base}/s/{first}")
        dana.find_element(By.CSS_SELECTOR, ".criterion.active details summary").click()
        field = dana.find_element(By.CSS_SELECTOR, ".criterion.active input.new-bank")
        field.send_keys("Contexts own their data; talk through ports." + Keys.ENTER)
        wait_for(dana, lambda: dana.find_elements(By.CSS_SELECTOR, "button.bank"), "the bank comment was not added")
        for pseudonym in (first, second):
            dana.get(f"{base}/s/{pseudonym}")
            ActionChains(dana).key_down(Keys.SHIFT).send_keys("1").key_up(Keys.SHIFT).perform()
            wait_for(dana, lambda: "Bank comment in use: Contexts own their data" in dana.page_source,
                     f"Shift+1 did not apply the bank comment on {pseudonym}")
        dana.get(f"{base}/s/{first}")
        dana.find_element(By.CSS_SELECTOR, ".criterion.active details summary").click()
        edit = dana.find_element(By.CSS_SELECTOR, ".criterion.active input.bank-text")
        edit.clear()
        edit.send_keys("Each context owns its data and talks through ports." + Keys.ENTER)
        wait_stale(dana, edit, "the edited bank comment was not sent")
        for pseudonym in (first, second):
            dana.get(f"{base}/s/{pseudonym}")
            check("Bank comment in use: Each context owns its data" in dana.page_source,
                  f"the edited bank comment does not show on {pseudonym}", dana)
        shot(dana, "review-bank.png")
        steps += 1

        # 3. A conflict: omar opens the page, dana saves, omar saves on the old version.
        omar = browser(args.screenshots)
        drivers.append(omar)
        sign_in(omar, base, "omar")
        omar.get(f"{base}/s/{graded[2]}")
        dana.get(f"{base}/s/{graded[2]}")
        keys(dana, "2")
        wait_for(dana, lambda: "version 2" in dana.page_source, "dana's second save did not land")
        keys(omar, "3")
        wait_for(omar, lambda: "Someone saved this score first" in omar.page_source, "no conflict page for omar")
        check("good" in omar.find_element(By.ID, "theirs").text, "the conflict page does not show theirs", omar)
        check("weak" in omar.find_element(By.ID, "yours").text, "the conflict page does not show yours", omar)
        shot(omar, "review-conflict.png")
        omar.find_element(By.ID, "keep-theirs").click()
        wait_for(omar, lambda: "/s/" in omar.current_url, "keep theirs did not return to the page")
        check("version 2" in omar.page_source, "keeping theirs changed the score", omar)
        omar.get(f"{base}/s/{graded[2]}/history")
        check("conflict" in omar.find_element(By.ID, "history").text, "the history has no conflict row", omar)
        steps += 1

        # 4. The instructor releases every report.
        sign_out(omar)
        sign_in(omar, base, "ines")
        button = omar.find_element(By.ID, "release-all")
        button.click()
        wait_stale(omar, button, "the release form was not sent")
        wait_for(omar, lambda: omar.find_elements(By.ID, "release-all"), "release did not return to the dashboard")
        released = [row.text for row in omar.find_elements(By.CSS_SELECTOR, "tr") if row.text.endswith(" yes")]
        check(len(released) == 3, f"the dashboard shows {len(released)} released reports, not 3", omar)
        steps += 1

        # 5. The learner sees exactly one report: their own.
        sign_out(omar)
        sign_in(omar, base, "learner1")
        wait_for(omar, lambda: omar.current_url.endswith("/my"), "the learner was not sent to their report")
        check(len(omar.find_elements(By.ID, "report")) == 1, "the learner does not see exactly one report", omar)
        text = omar.find_element(By.TAG_NAME, "body").text
        for pseudonym in graded:
            check(pseudonym not in text, f"the learner's page names pseudonym {pseudonym}", omar)
        shot(omar, "review-learner.png")
        omar.get(f"{base}/s/{graded[1]}")
        check("not open to your account" in omar.page_source, "a learner reached a grading page", omar)
        steps += 1
    except Failure as failure:
        print(f"review browser test: FAILED after {steps} steps: {failure}")
        return 1
    except Exception as error:  # WebDriver's own errors: the step that broke, and why
        print(f"review browser test: FAILED after {steps} steps: {type(error).__name__}: {str(error)[:2000]}")
        return 1
    finally:
        for driver in drivers:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)
    print(f"review browser test: all {steps} steps held in headless Chromium")
    return 0


if __name__ == "__main__":
    sys.exit(main())
