package io.driftless.api.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.RepositorySettings;
import io.driftless.api.domain.RepositorySettingsRepository;
import io.driftless.api.spec.ImageReference;

/** Per-repository settings: how a webhook-triggered revision gets its image and port. */
@ApplicationScoped
public class RepositorySettingsService {

    /** Where the commit SHA goes in an image template. */
    public static final String SHA = "{sha}";

    /** A commit used to check that a template makes a valid reference once filled. */
    private static final String SAMPLE_SHA = "0123456789abcdef0123456789abcdef01234567";

    public record SettingsView(String repository, String imageTemplate, int port, Instant updatedAt,
            String updatedBy) {
    }

    private final RepositorySettingsRepository settings;

    public RepositorySettingsService(RepositorySettingsRepository settings) {
        this.settings = settings;
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

    @Transactional
    public SettingsView put(String repository, String imageTemplate, int port, String actor) {
        RepositorySettings s = settings.findByIdOptional(repository).orElse(null);
        boolean created = s == null;
        if (created) {
            s = new RepositorySettings();
            s.repository = repository;
        }
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
        return new SettingsView(s.repository, s.imageTemplate, s.port, s.updatedAt, s.updatedBy);
    }
}
