package io.driftless.web;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import io.driftless.api.config.GitHubConfig;
import io.driftless.api.github.GitHubLinks;

/** The links to GitHub's web site, for the pages ({@code inject:github} in templates). */
public class GitHubLinksProducer {

    @Produces
    @Singleton
    @Named("github")
    GitHubLinks links(GitHubConfig config) {
        return GitHubLinks.of(config.apiUrl(), config.webUrl());
    }
}
