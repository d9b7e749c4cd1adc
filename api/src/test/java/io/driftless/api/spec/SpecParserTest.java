package io.driftless.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.driftless.api.spec.SpecParser.Parsed;
import io.driftless.api.spec.StackSpec.BuildSpec;
import io.driftless.api.spec.StackSpec.EnvValue;
import io.driftless.api.spec.StackSpec.Health;
import io.driftless.api.spec.StackSpec.Hook;
import io.driftless.api.spec.StackSpec.Hooks;
import io.driftless.api.spec.StackSpec.Resources;
import io.driftless.api.spec.StackSpec.ServiceSpec;

class SpecParserTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private static final String EXAMPLE = """
            version: 1
            services:
              web:
                image: ghcr.io/acme/shop@%s
                port: 8080
                expose: true
                command: ["./run"]
                env:
                  DATABASE_URL: postgres://app:preview@db:5432/app
                  MODE: preview
                  STRIPE_KEY: {secret: STRIPE_TEST_KEY}
                health: {path: /healthz, port: 8080, timeout: 120s}
                dependsOn: [db]
                resources: {cpu: 250m, memory: 256Mi}
              db:
                image: postgres:16
                port: 5432
                env: {POSTGRES_USER: app, POSTGRES_PASSWORD: preview, POSTGRES_DB: app}
                storage: 1Gi
            hooks:
              migrate: {service: web, command: ["./migrate"]}
              seed:    {service: web, command: ["./seed"]}
            """.formatted(DIGEST);

    /** The same stack, keys and entries in another order. */
    private static final String SHUFFLED = """
            hooks:
              seed:    {command: ["./seed"], service: web}
              migrate: {command: ["./migrate"], service: web}
            services:
              db:
                storage: 1Gi
                env: {POSTGRES_DB: app, POSTGRES_PASSWORD: preview, POSTGRES_USER: app}
                port: 5432
                image: postgres:16
              web:
                resources: {memory: 256Mi, cpu: 250m}
                dependsOn: [db]
                health: {timeout: 2m, port: 8080, path: /healthz}
                env:
                  STRIPE_KEY: {secret: STRIPE_TEST_KEY}
                  MODE: preview
                  DATABASE_URL: postgres://app:preview@db:5432/app
                command: ["./run"]
                expose: true
                port: 8080
                image: ghcr.io/acme/shop@%s
            version: 1
            """.formatted(DIGEST);

    /** A valid two-service stack to break one line of at a time. */
    private static final String BASE = """
            version: 1
            services:
              web:
                image: nginx:1.27
                port: 8080
                expose: true
                dependsOn: [db]
              db:
                image: postgres:16
                port: 5432
            """;

    @Test
    void readsTheIssuesExampleIntoTheModel() {
        Parsed parsed = SpecParser.parseYaml(EXAMPLE);

        assertThat(parsed.errors()).isEmpty();
        ServiceSpec web = new ServiceSpec("web", "ghcr.io/acme/shop@" + DIGEST, 8080, true, List.of("./run"),
                List.of(), Map.of("DATABASE_URL", EnvValue.literal("postgres://app:preview@db:5432/app"),
                        "MODE", EnvValue.literal("preview"), "STRIPE_KEY", EnvValue.secretNamed("STRIPE_TEST_KEY")),
                new Health("/healthz", 8080, 120), Set.of("db"), new Resources("250m", "256Mi"), null);
        ServiceSpec db = new ServiceSpec("db", "postgres:16", 5432, false, List.of(), List.of(),
                Map.of("POSTGRES_USER", EnvValue.literal("app"), "POSTGRES_PASSWORD", EnvValue.literal("preview"),
                        "POSTGRES_DB", EnvValue.literal("app")),
                null, Set.of(), null, "1Gi");
        StackSpec expected = new StackSpec(new TreeMap<>(Map.of("web", web, "db", db)), new Hooks(
                new Hook("migrate", "web", List.of("./migrate")), new Hook("seed", "web", List.of("./seed"))));
        assertThat(parsed.stack()).isEqualTo(expected);
        assertThat(parsed.stack().exposed().name()).isEqualTo("web");
        assertThat(parsed.stack().secretNames()).containsExactly("STRIPE_TEST_KEY");
    }

    @Test
    void anotherKeyOrderGivesAnEqualStackAndEqualCanonicalJson() {
        StackSpec first = SpecParser.parseYaml(EXAMPLE).stack();
        StackSpec second = SpecParser.parseYaml(SHUFFLED).stack();

        assertThat(second).isEqualTo(first);
        assertThat(revision(second).canonicalJson()).isEqualTo(revision(first).canonicalJson());
        assertThat(revision(second).hash()).isEqualTo(revision(first).hash());
    }

    @Test
    void healthPortDefaultsToTheServicesPortAndTimeoutTo120Seconds() {
        StackSpec stack = SpecParser.parseYaml(BASE.replace("    dependsOn: [db]\n",
                "    dependsOn: [db]\n    health: {path: /ready}\n")).stack();

        assertThat(stack.services().get("web").health()).isEqualTo(new Health("/ready", 8080, 120));
    }

    @Test
    void numbersAndBooleansInEnvAreTheTextWritten() {
        StackSpec stack = SpecParser.parseYaml(BASE.replace("    dependsOn: [db]\n",
                "    env: {VERSION: 1.10, WORKERS: 4, DEBUG: on, HEX: 0x1F}\n")).stack();

        assertThat(stack.services().get("web").env()).containsEntry("VERSION", EnvValue.literal("1.10"))
                .containsEntry("WORKERS", EnvValue.literal("4")).containsEntry("DEBUG", EnvValue.literal("on"))
                .containsEntry("HEX", EnvValue.literal("0x1F"));
    }

    @Test
    void anUnknownKeyIsNamedWithTheKeyItWasProbablyMeantToBe() {
        assertOneError(BASE.replace("image: nginx:1.27", "imagee: nginx:1.27"),
                "services.web.imagee", 4, 5, "unknown key 'imagee' (did you mean 'image'?)");
    }

    @Test
    void hooksHaveOnlyMigrateAndSeed() {
        assertOneError(BASE + "hooks:\n  deploy: {service: web, command: [x]}\n",
                "hooks.deploy", 12, 3, "unknown key 'deploy' (known here: migrate, seed)");
    }

    @Test
    void anUnknownTopLevelKeyIsAnError() {
        assertOneError(BASE + "volumes: {}\n", "volumes", 11, 1,
                "unknown key 'volumes' (known here: hooks, services, version)");
    }

    @Test
    void aPortOutsideTcpIsRefusedSayingTheRange() {
        assertOneError(BASE.replace("port: 8080", "port: 70000"),
                "services.web.port", 5, 11, "port 70000 is not a TCP port: use 1 to 65535");
    }

    @Test
    void aQuotedPortIsTextNotANumber() {
        assertOneError(BASE.replace("port: 8080", "port: \"8080\""),
                "services.web.port", 5, 11, "port must be a number from 1 to 65535, not text ('8080')");
    }

    @Test
    void aServiceNameMustBeADnsLabel() {
        assertOneError(BASE.replace("  db:", "  Db_1:").replace("[db]", "[web2]").replace("port: 5432",
                "port: 5432\n  web2: {image: redis, port: 6379}"),
                "services.Db_1", 8, 3, "'Db_1' is not a service name: lower-case letters, digits and '-', "
                        + "starting with a letter, at most 63 characters");
    }

    @Test
    void aMissingRequiredKeyIsReportedAtItsMapping() {
        assertOneError(BASE.replace("    port: 5432\n", ""),
                "services.db.port", 8, 3, "missing 'port': The TCP port the container listens on; "
                        + "the service answers on the same port.");
    }

    @Test
    void envNamesValuesAndSecretsHaveTheirForms() {
        Parsed parsed = SpecParser.parseYaml(BASE.replace("    dependsOn: [db]\n",
                "    env: {MY-VAR: x, KEY: {secret: stripe}, NONE: null, REF: {secrt: KEY}}\n"));

        assertThat(parsed.errors()).extracting(SpecError::path, SpecError::line, SpecError::column, SpecError::message)
                .containsExactly(
                        tuple("services.web.env.KEY.secret", 7, 36, "'stripe' is not a secret name: upper-case "
                                + "letters, digits and '_', not starting with a digit, at most 64 characters"),
                        tuple("services.web.env.MY-VAR", 7, 11, "'MY-VAR' is not an environment variable name: "
                                + "letters, digits and '_', not starting with a digit, at most 128 characters"),
                        tuple("services.web.env.NONE", 7, 51,
                                "env NONE must be text, a number, true/false or {secret: NAME}, not empty"),
                        tuple("services.web.env.REF.secrt", 7, 63, "unknown key 'secrt' (did you mean 'secret'?)"));
    }

    @Test
    void aKeyThatIsNotAPlainNameIsQuotedInThePath() {
        assertOneError(BASE.replace("    dependsOn: [db]\n", "    env: {\"A.B\": x}\n"),
                "services.web.env[\"A.B\"]", 7, 11, "'A.B' is not an environment variable name: "
                        + "letters, digits and '_', not starting with a digit, at most 128 characters");
    }

    @Test
    void aVersionWrittenAsTextIsAskedForAsANumber() {
        assertOneError(BASE.replace("version: 1", "version: \"1\""), "version", 1, 10,
                "version must be the number 1, not text ('1')");
    }

    @Test
    void timeoutsAndQuantitiesHaveTheirForms() {
        Parsed parsed = SpecParser.parseYaml(BASE.replace("    dependsOn: [db]\n",
                "    health: {path: /healthz, timeout: 2 minutes}\n    resources: {cpu: 2 cores}\n"));

        assertThat(parsed.errors()).extracting(SpecError::path, SpecError::line, SpecError::column, SpecError::message)
                .containsExactly(
                        tuple("services.web.health.timeout", 7, 39,
                                "timeout '2 minutes' is not a duration: seconds or minutes, e.g. 120s or 2m"),
                        tuple("services.web.resources.cpu", 8, 22,
                                "cpu '2 cores' is not a Kubernetes quantity: e.g. 250m, 1, 256Mi, 1Gi"));
    }

    @Test
    void aStackWithNoExposedServiceIsRefused() {
        assertOneError(BASE.replace("    expose: true\n", ""), "services", 2, 1,
                "no service is exposed: set expose: true on the one service behind the preview URL");
    }

    @Test
    void aStackWithTwoExposedServicesNamesThem() {
        assertOneError(BASE.replace("port: 5432", "port: 5432\n    expose: true"), "services.db.expose", 11, 13,
                "two services are exposed: web, db — exactly one may be");
    }

    @Test
    void dependsOnAnUnknownServiceIsRefused() {
        assertOneError(BASE.replace("[db]", "[db, cache]"), "services.web.dependsOn[1]", 7, 21,
                "dependsOn names 'cache', which is not a service here (services: web, db)");
    }

    @Test
    void aServiceCannotDependOnItself() {
        assertOneError(BASE.replace("[db]", "[db, web]"), "services.web.dependsOn[1]", 7, 21,
                "web depends on itself: leave it out of its own dependsOn");
    }

    @Test
    void aDependsOnCycleIsNamed() {
        assertOneError(BASE.replace("port: 5432", "port: 5432\n    dependsOn: [web]"),
                "services.web.dependsOn[0]", 7, 17, "dependsOn cycle: web -> db -> web");
    }

    @Test
    void aDependsOnEntryListedTwiceIsRefused() {
        assertOneError(BASE.replace("[db]", "[db, db]"), "services.web.dependsOn[1]", 7, 21,
                "dependsOn lists 'db' more than once");
    }

    @Test
    void aHookOnAnUnknownServiceIsRefused() {
        assertOneError(BASE + "hooks:\n  seed: {service: worker, command: [./seed]}\n", "hooks.seed.service", 12, 19,
                "hook seed runs on 'worker', which is not a service here (services: web, db)");
    }

    @Test
    void anImageThatIsNotAReferenceIsRefusedWithTheForm() {
        assertOneError(BASE.replace("nginx:1.27", "Nginx:latest"), "services.web.image", 4, 12,
                "'Nginx:latest' is not an image reference: " + ImageReference.FORM);
    }

    @Test
    void aBuildIsReadWithItsArgumentsAsWrittenAndTheDefaultsFilledIn() {
        StackSpec stack = SpecParser.parseYaml(BASE.replace("    image: nginx:1.27\n",
                "    build: {context: services/web, target: runtime, args: {MODE: preview, WORKERS: 4, DEBUG: on,"
                        + " VERSION: 1.10}}\n")).stack();

        ServiceSpec web = stack.services().get("web");
        assertThat(web.image()).isNull();
        assertThat(web.built()).isTrue();
        assertThat(web.build()).isEqualTo(new BuildSpec("services/web", "Dockerfile", "runtime", new TreeMap<>(
                Map.of("MODE", "preview", "WORKERS", "4", "DEBUG", "on", "VERSION", "1.10")), "linux/amd64"));
        assertThat(stack.builtServices()).extracting(ServiceSpec::name).containsExactly("web");
        assertThat(stack.services().get("db").build()).isNull();
    }

    @Test
    void anEmptyBuildBuildsTheRootDockerfileForLinuxAmd64() {
        StackSpec stack = SpecParser.parseYaml(BASE.replace("image: nginx:1.27", "build: {}")).stack();

        assertThat(stack.services().get("web").build())
                .isEqualTo(new BuildSpec(".", "Dockerfile", null, new TreeMap<>(), "linux/amd64"));
    }

    @Test
    void aServiceWithBothImageAndBuildIsToldToChooseAtItsBuild() {
        assertOneError(BASE.replace("    image: nginx:1.27\n", "    image: nginx:1.27\n    build: {context: .}\n"),
                "services.web.build", 5, 5, "give image or build, not both");
    }

    @Test
    void aServiceWithNeitherImageNorBuildIsToldOfBoth() {
        assertOneError(BASE.replace("    image: postgres:16\n", ""),
                "services.db", 8, 3, "give image (a prebuilt image) or build (built from this commit)");
    }

    @Test
    void aContextOutsideTheRepositoryIsRefused() {
        assertOneError(BASE.replace("image: nginx:1.27", "build: {context: ../x}"),
                "services.web.build.context", 4, 22, "context '../x' leaves its directory: no '..' segment");
    }

    @Test
    void buildPathsAreRelativeWithSlashesAndShort() {
        Parsed parsed = SpecParser.parseYaml(BASE.replace("image: nginx:1.27",
                "build: {context: /srv/web, dockerfile: 'docker\\web'}").replace("image: postgres:16",
                "build: {context: a/../../b, dockerfile: " + "d".repeat(256) + "}"));

        assertThat(parsed.errors()).extracting(SpecError::path, SpecError::line, SpecError::column, SpecError::message)
                .containsExactly(
                        tuple("services.web.build.context", 4, 22,
                                "context '/srv/web' must be relative to the repository's root: no leading '/'"),
                        tuple("services.web.build.dockerfile", 4, 44,
                                "dockerfile 'docker\\web' has a backslash: use '/' between directories"),
                        tuple("services.db.build.context", 9, 22,
                                "context 'a/../../b' leaves its directory: no '..' segment"),
                        tuple("services.db.build.dockerfile", 9, 45, "dockerfile is too long: at most 255 characters"));
    }

    @Test
    void anUnknownKeyInABuildIsNamedWithTheKeyItWasProbablyMeantToBe() {
        assertOneError(BASE.replace("image: nginx:1.27", "build: {context: ., dockerFile: web.Dockerfile}"),
                "services.web.build.dockerFile", 4, 25, "unknown key 'dockerFile' (did you mean 'dockerfile'?)");
    }

    @Test
    void aBuildArgumentNameMustBeAnArgName() {
        assertOneError(BASE.replace("image: nginx:1.27", "build: {args: {MY-ARG: x}}"),
                "services.web.build.args.MY-ARG", 4, 20, "'MY-ARG' is not a build argument name: letters, digits "
                        + "and '_', not starting with a digit, at most 128 characters");
    }

    @Test
    void targetPlatformAndArgumentValuesHaveTheirForms() {
        Parsed parsed = SpecParser.parseYaml(BASE.replace("image: nginx:1.27",
                "build: {target: my stage, platform: amd64, args: {A: [x]}}"));

        assertThat(parsed.errors()).extracting(SpecError::path, SpecError::line, SpecError::column, SpecError::message)
                .containsExactly(
                        tuple("services.web.build.args.A", 4, 55,
                                "build arg A must be text, a number or true/false, not a list"),
                        tuple("services.web.build.platform", 4, 41,
                                "platform 'amd64' is not a platform: os/arch, e.g. linux/amd64 or linux/arm64"),
                        tuple("services.web.build.target", 4, 21, "target 'my stage' is not a Dockerfile stage name: "
                                + "letters, digits, '_', '.' and '-', starting with a letter or a digit, "
                                + "at most 128 characters"));
    }

    @Test
    void moreThanFiftyBuildArgumentsAreRefused() {
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            args.append(i == 0 ? "" : ", ").append("A").append(i).append(": x");
        }

        assertOneError(BASE.replace("image: nginx:1.27", "build: {args: {" + args + "}}"),
                "services.web.build.args", 4, 13, "args has 51 entries; at most 50");
    }

    @Test
    void aBuiltServiceGivesTheSameCanonicalJsonWhateverTheKeyOrder() {
        String first = BASE.replace("    image: nginx:1.27\n", """
                    build:
                      context: services/web
                      dockerfile: Dockerfile.preview
                      target: runtime
                      args: {MODE: preview, WORKERS: 4}
                      platform: linux/arm64
                """);
        String second = BASE.replace("    image: nginx:1.27\n    port: 8080\n", """
                    port: 8080
                    build:
                      platform: linux/arm64
                      args: {WORKERS: 4, MODE: preview}
                      target: runtime
                      dockerfile: Dockerfile.preview
                      context: services/web
                """);

        StackSpec a = SpecParser.parseYaml(first).stack();
        StackSpec b = SpecParser.parseYaml(second).stack();

        assertThat(b).isEqualTo(a);
        assertThat(revision(b).canonicalJson()).isEqualTo(revision(a).canonicalJson())
                .contains("\"build\":{\"args\":{\"MODE\":\"preview\",\"WORKERS\":\"4\"}");
        assertThat(revision(b).hash()).isEqualTo(revision(a).hash());
    }

    @Test
    void aBuiltServiceIsWrittenBackAsABuildThatReadsTheSame() {
        StackSpec stack = SpecParser.parseYaml(BASE.replace("image: nginx:1.27",
                "build: {context: web, args: {VERSION: 1.10, DEBUG: on}}")).stack();

        assertThat(SpecParser.parseYaml(SpecWriter.yaml(stack)).stack()).isEqualTo(stack);
    }

    @Test
    void anotherVersionIsNotReadAtAll() {
        assertOneError(BASE.replace("version: 1", "version: 2") + "networks: {}\n", "version", 1, 10,
                "version 2 is not known: this Driftless reads version 1");
    }

    @Test
    void aDuplicateKeyIsReportedAtItsSecondOccurrence() {
        assertOneError(BASE.replace("port: 8080", "port: 8080\n    port: 8081"), "services.web.port", 6, 5,
                "duplicate key 'port' (first at line 5)");
    }

    @Test
    void aTabIndentingALineIsSaidPlainly() {
        assertOneError(BASE.replace("    port: 8080", "\tport: 8080"), "", 5, 1,
                "a tab indents this line: YAML indents with spaces");
    }

    @Test
    void otherYamlErrorsKeepTheirPlace() {
        assertOneError("version: 1\nservices: [web\n", "", 3, 1,
                "not valid YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence)");
    }

    @Test
    void anEmptyFileIsAnError() {
        assertOneError("", "", 1, 1, "the file is empty: start with 'version: 1' and 'services:'");
        assertOneError("# nothing yet\n", "", 1, 1, "the file is empty: start with 'version: 1' and 'services:'");
    }

    @Test
    void aFileThatIsNotAMappingIsAnError() {
        assertOneError("- web\n- db\n", "", 1, 1,
                "the file must be a mapping with 'version' and 'services' at the top");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeParsing() {
        String text = "version: 1\n# " + "x".repeat(300 * 1024) + "\n";

        assertOneError(text, "", 1, 1, "the file is 301 KiB; at most 256 KiB");
    }

    @Test
    void aHugeScalarWithinTheFileLimitIsRefusedByItsLength() {
        assertOneError(BASE.replace("nginx:1.27", "x".repeat(200 * 1024)), "services.web.image", 4, 12,
                "image is too long: at most 512 characters");
    }

    @Test
    void moreThanThirtyServicesAreRefused() {
        StringBuilder text = new StringBuilder("version: 1\nservices:\n");
        text.append("  web: {image: nginx, port: 80, expose: true}\n");
        for (int i = 0; i < 30; i++) {
            text.append("  s").append(i).append(": {image: nginx, port: 80}\n");
        }

        assertOneError(text.toString(), "services", 2, 1, "31 services; at most 30");
    }

    @Test
    void theBillionLaughsAreStoppedAtTheAliasLimit() {
        String lol = """
                version: 1
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                """;

        assertOneError(lol, "", 5, 17, "more than 20 aliases (*name) to lists or mappings");
    }

    @Test
    void aFewAliasesToALargeListAreStoppedAtTheValueLimit() {
        String list = "[" + "x,".repeat(999) + "x]";
        String text = "version: 1\na: &a " + list + "\nb: [" + "*a,".repeat(19) + "*a]\n";

        Parsed parsed = SpecParser.parseYaml(text);

        assertThat(parsed.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).isEqualTo("the file expands to more than 10000 values: "
                    + "do aliases (*name) repeat a large part of it?");
        });
    }

    @Test
    void deepNestingIsRefused() {
        String text = "version: 1\nx: " + "[".repeat(30) + "]".repeat(30) + "\n";

        assertOneError(text, "", 2, 24, "nested more than 20 levels deep");
    }

    @Test
    void anAliasToItselfIsRefusedAsTooDeep() {
        Parsed parsed = SpecParser.parseYaml("version: 1\na: &a [*a]\n");

        assertThat(parsed.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).startsWith("a[0][0]");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).isEqualTo("nested more than 20 levels deep");
        });
    }

    @Test
    void errorsAreSortedByLineThenPath() {
        Parsed parsed = SpecParser.parseYaml(BASE.replace("port: 5432", "port: 0").replace("nginx:1.27", "Nginx")
                .replace("[db]", "[cache]"));

        assertThat(parsed.errors()).extracting(SpecError::path).containsExactly(
                "services.web.image", "services.web.dependsOn[0]", "services.db.port");
    }

    @Test
    void jsonGivesTheSameStackAsYaml() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new YAMLMapper().readTree(EXAMPLE).toString());

        Parsed parsed = SpecParser.parseJson(json);

        assertThat(parsed.stack()).isEqualTo(SpecParser.parseYaml(EXAMPLE).stack());
    }

    @Test
    void jsonErrorsHavePathsAndNoPositions() throws Exception {
        JsonNode json = new ObjectMapper().readTree("""
                {"version": 1, "services": {"web": {"image": "nginx", "port": 70000, "expose": true,
                 "dependsOn": ["db", "cache"]}, "db": {"image": "postgres:16", "port": 5432}}}
                """);

        Parsed parsed = SpecParser.parseJson(json);

        assertThat(parsed.errors()).extracting(SpecError::path, SpecError::line, SpecError::column, SpecError::message)
                .containsExactly(
                        tuple("services.web.dependsOn[1]", null, null,
                                "dependsOn names 'cache', which is not a service here (services: web, db)"),
                        tuple("services.web.port", null, null, "port 70000 is not a TCP port: use 1 to 65535"));
        assertThat(SpecParser.parseJson(new ObjectMapper().readTree("[]")).errors())
                .extracting(SpecError::path, SpecError::line).containsExactly(tuple("", null));
    }

    @Test
    void theSchemaIsJsonThatRefusesUnknownKeysAtTheTop() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SpecParser.schema());

        assertThat(schema.path("$id").asText()).isEqualTo("https://driftless.io/schemas/driftless.schema.json");
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("additionalProperties").isBoolean()).isTrue();
        assertThat(schema.path("additionalProperties").booleanValue()).isFalse();
        assertThat(schema.path("properties").path("services").path("maxProperties").asInt()).isEqualTo(30);
    }

    @Test
    void aParsedIsAStackOrErrors() {
        Parsed ok = SpecParser.parseYaml(BASE);
        Parsed bad = SpecParser.parseYaml("");

        assertThat(ok.ok()).isTrue();
        assertThat(ok.errors()).isEmpty();
        assertThat(bad.ok()).isFalse();
        assertThat(bad.stack()).isNull();
        assertThat(bad.errors()).isNotEmpty();
    }

    private static void assertOneError(String yaml, String path, int line, int column, String message) {
        Parsed parsed = SpecParser.parseYaml(yaml);

        assertThat(parsed.stack()).isNull();
        assertThat(parsed.errors()).extracting(SpecError::path, SpecError::line, SpecError::column, SpecError::message)
                .containsExactly(tuple(path, line, column, message));
    }

    private static RevisionSpec revision(StackSpec stack) {
        return RevisionSpec.ofStack("acme/shop", "acme/shop", "main", "c0ffee", stack, SealPolicy.defaults(),
                Map.of("STRIPE_TEST_KEY", 1), null);
    }
}
