package dev.sandstone.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the web app needs to know before anyone signs in: {@code {"auth":"local"}} or
 * {@code {"auth":"oidc","issuer":..,"clientId":..,"scope":..}}. Nothing in it is secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UiConfig(String auth, String issuer, String clientId, String scope) {

    static UiConfig local() {
        return new UiConfig("local", null, null, null);
    }

    /** OIDC without an issuer: the app tells its users that sign-in is not configured. */
    static UiConfig unconfigured() {
        return new UiConfig("unconfigured", null, null, null);
    }

    static UiConfig oidc(String issuer, String clientId, String scope) {
        return new UiConfig("oidc", issuer, clientId, scope);
    }
}
