package io.driftless.api.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.RepositorySettings;
import io.driftless.api.domain.RepositorySettingsRepository;
import io.driftless.api.source.FileTooLarge;
import io.driftless.api.source.SourceHost;
import io.driftless.api.spec.ImageReference;
import io.driftless.api.spec.SpecParser;

/**
 * Per-repository settings: how a webhook-triggered revision gets what it runs, from the spec file at
 * its commit or else from an image template and port.
 */
@ApplicationScoped
public class RepositorySettingsService {

    /** Where the commit SHA goes in an image template. */
    public static final String SHA = "{sha}";

    /** Where the spec file is when the settings do not say. */
    public static final String DEFAULT_SPEC_PATH = "driftless.yaml";

    /** A commit used to check that a template makes a valid reference once filled. */
    private static final String SAMPLE_SHA = "0123456789abcdef0123456789abcdef01234567";

    /** @param imageTemplate null, and {@code port} with it, when previews come from the spec file only */
    public record SettingsView(String repository, String specPath, String imageTemplate, Integer port,
            Instant updatedAt, String updatedBy) {
    }

    private final RepositorySettingsRepository settings;
    private final SourceHost source;

    public RepositorySettingsService(RepositorySettingsRepository settings, SourceHost source) {
        this.settings = settings;
        this.source = source;
    }

    /** What is wrong with a template, one message per problem; empty when it is fine. */
    public static List<String> problemsOf(String imageTemplate) {
        List<String> problems = new ArrayList<>();
        if (!imageTemplate.contains(SHA)) {
            problems.add("must contain {sha}, where the commit SHA goes, e.g. ghcr.io/acme/shop:{sha}");
            return problems;
        }
        if (ImageReference.parse(fill(imageTemplate, SAMPLE_SHA)).isEmpty()) {
            problems.add("must be a valid image reference once {sha} is filled in: " + ImageReference.FORM);
        }
        return problems;
    }

    public static String fill(String imageTemplate, String commit) {
        return imageTemplate.replace(SHA, commit);
    }

    /**
     * The revision the settings make of a commit, or empty when they make none. The one place a
     * webhook-triggered revision (a pull request's push, or a fork's approved commit) takes what it
     * runs from: the spec file at the commit ({@code specPath}, read from the head repository, where the
     * commit is) when there is one, else the image template. A file that is not valid (or too large)
     * makes a request for a FAILED revision that lists its errors.
     *
     * @throws io.driftless.api.source.SourceUnavailable when the host cannot say now: the delivery is
     *         tried again later rather than falling back to the template
     */
    public Optional<NewRevision> revisionOf(SettingsView settings, String headRepository, String branch,
            Integer pullRequest, String commit) {
        String repository = settings.repository();
        String where = settings.specPath() + " at " + commit.substring(0, 7);
        Optional<String> file;
        try {
            file = source.readFile(headRepository, commit, settings.specPath());
        } catch (FileTooLarge e) {
            return Optional.of(NewRevision.invalid(repository, headRepository, branch, pullRequest, commit,
                    new NewRevision.SpecFile(settings.specPath(), ""), where + " cannot be read: " + e.getMessage()));
        }
        if (file.isPresent()) {
            NewRevision.SpecFile specFile = new NewRevision.SpecFile(settings.specPath(), file.get());
            SpecParser.Parsed parsed = SpecParser.parseYaml(file.get());
            if (!parsed.ok()) {
                return Optional.of(NewRevision.invalid(repository, headRepository, branch, pullRequest, commit,
                        specFile, where + " is not valid:\n" + InvalidSpecProblem.reason(parsed.errors())));
            }
            return Optional.of(NewRevision.ofStack(repository, headRepository, branch, pullRequest, commit,
                    parsed.stack(), specFile));
        }
        if (settings.imageTemplate() == null) {
            return Optional.empty();
        }
        return Optional.of(new NewRevision(repository, headRepository, branch, pullRequest, commit,
                fill(settings.imageTemplate(), commit), settings.port()));
    }

    /** Why {@link #revisionOf} made no revision, e.g. for a delivery's outcome. */
    public static String nothingToDeploy(SettingsView settings) {
        return "repository " + settings.repository() + " has neither a spec file at " + settings.specPath()
                + " nor an image template";
    }

    /**
     * Replaces the repository's settings.
     *
     * @param specPath      null for {@link #DEFAULT_SPEC_PATH}
     * @param imageTemplate null for none, and then {@code port} must be null too
     */
    @Transactional
    public SettingsView put(String repository, String specPath, String imageTemplate, Integer port, String actor) {
        if ((imageTemplate == null) != (port == null)) {
            throw new IllegalArgumentException("a port goes with an image template, and only with one");
        }
        RepositorySettings s = settings.findByIdOptional(repository).orElse(null);
        boolean created = s == null;
        if (created) {
            s = new RepositorySettings();
            s.repository = repository;
        }
        s.specPath = specPath == null ? DEFAULT_SPEC_PATH : specPath;
        s.imageTemplate = imageTemplate;
        s.port = port;
        s.updatedAt = Instant.now();
        s.updatedBy = actor;
        if (created) {
            settings.persist(s);
        }
        return view(s);
    }

    @Transactional
    public Optional<SettingsView> find(String repository) {
        return settings.findByIdOptional(repository).map(RepositorySettingsService::view);
    }

    private static SettingsView view(RepositorySettings s) {
        return new SettingsView(s.repository, s.specPath, s.imageTemplate, s.port, s.updatedAt, s.updatedBy);
    }
}
