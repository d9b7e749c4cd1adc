package io.driftless.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * axe-core, Deque's accessibility rules engine, run in the page a {@link Browser} shows.
 *
 * <p>
 * The engine comes from its webjar (org.webjars.npm:axe-core, test scope) and is injected through WebDriver's
 * script execution, which a page's Content-Security-Policy does not govern, so the pages need not serve it.
 * Only its result is shaped here: rule, impact and the elements that fail it.
 */
final class Axe {

    private static final String WEBJAR = "META-INF/resources/webjars/axe-core/";
    private static final String SOURCE = load();

    /** One failed rule: its id, how much it hurts (minor to critical), what it asks, and the failing elements. */
    record Violation(String rule, String impact, String help, List<String> targets) {

        boolean seriousOrCritical() {
            return "serious".equals(impact) || "critical".equals(impact);
        }

        @Override
        public String toString() {
            return impact + " " + rule + " (" + help + ") at " + targets;
        }
    }

    private Axe() {
    }

    /** Every violation of the WCAG 2.x A and AA rules (and axe's best practices) on the page as it is now. */
    @SuppressWarnings("unchecked")
    static List<Violation> violations(Browser browser) {
        browser.script(SOURCE);
        List<Map<String, Object>> found = (List<Map<String, Object>>) browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then(r => r.passes.length === 0
                    ? done([{ rule: 'axe-checked-nothing', impact: 'critical', help: 'no rule passed', targets: [] }])
                    : done(r.violations.map(v => ({
                    rule: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' '))
                  }))))
                  .catch(e => done([{ rule: 'axe-error', impact: 'critical', help: String(e), targets: [] }]));
                """);
        return found.stream().map(v -> new Violation((String) v.get("rule"), (String) v.get("impact"),
                (String) v.get("help"), (List<String>) v.get("targets"))).toList();
    }

    /** The serious and critical violations: the ones no page may have. */
    static List<Violation> seriousOrCritical(Browser browser) {
        return violations(browser).stream().filter(Violation::seriousOrCritical).toList();
    }

    /** axe.min.js of whichever version of the webjar is on the test class path. */
    private static String load() {
        ClassLoader loader = Axe.class.getClassLoader();
        Properties pom = new Properties();
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the axe-core webjar is not on the test class path");
            }
            pom.load(in);
            try (InputStream script = loader.getResourceAsStream(WEBJAR + pom.getProperty("version") + "/axe.min.js")) {
                return new String(script.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
