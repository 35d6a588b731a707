/** Performance properties of the local default that tests can state exactly (store reads per command, ...). */
package dev.sandstone.local.performance;
