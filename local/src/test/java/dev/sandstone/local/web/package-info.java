/**
 * Browser tests of the web app: the whole local-default service on a random port, driven through a real headless
 * Chromium (Debian's chromium and chromium-driver, installed by the test when missing and possible).
 */
package dev.sandstone.local.web;
