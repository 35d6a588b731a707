/**
 * The web app: the single-page editor's static bundle (built by Vite into {@code META-INF/resources}, served at
 * {@code /}), the public {@code GET /api/ui-config} that tells it how to sign in, and the security headers of its
 * pages (a strict Content-Security-Policy). Everything else it does goes through the public REST API.
 */
package dev.sandstone.web;
