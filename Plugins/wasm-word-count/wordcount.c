/*
 * assess.plugin/v1 plugin in C, compiled to wasm32-wasi (see build.sh): the input's files
 * hold at least `min_words` words (default 200). It reads the request on stdin, opens each
 * input under the request's submission root (/submission, the only directory WASI gives
 * it) and answers on stdout. A deliberately small JSON reader: it needs only the input
 * paths, the root and one number.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char request[1 << 20];

/* Copies the string value after the n-th occurrence of `key` into out; returns 1 if found. */
static int string_after(const char *key, int n, char *out, size_t size) {
    const char *at = request;
    for (int i = 0; i <= n; i++) {
        at = strstr(at, key);
        if (!at) return 0;
        at += strlen(key);
    }
    while (*at == ' ' || *at == ':') at++;
    if (*at != '"') return 0;
    at++;
    size_t length = 0;
    while (*at && *at != '"' && length + 1 < size) {
        if (*at == '\\' && at[1]) at++;
        out[length++] = *at++;
    }
    out[length] = 0;
    return 1;
}

static long number_after(const char *key, long fallback) {
    const char *at = strstr(request, key);
    if (!at) return fallback;
    at += strlen(key);
    while (*at == ' ' || *at == ':') at++;
    return isdigit((unsigned char)*at) ? strtol(at, NULL, 10) : fallback;
}

int main(void) {
    size_t length = fread(request, 1, sizeof request - 1, stdin);
    request[length] = 0;
    char root[512] = "/submission", path[512], full[1100];
    string_after("\"root\"", 0, root, sizeof root);
    long wanted = number_after("\"min_words\"", 200);
    long words = 0;
    int files = 0;
    for (int i = 0; string_after("\"path\"", i, path, sizeof path); i++) {
        snprintf(full, sizeof full, "%s/%s", root, path);
        FILE *file = fopen(full, "r");
        if (!file) {
            printf("{\"protocol\":\"assess.plugin/v1\",\"error\":\"cannot open %s\"}\n", path);
            return 0;
        }
        int c, inside = 0;
        while ((c = fgetc(file)) != EOF) {
            if (isspace(c)) inside = 0;
            else if (!inside) { inside = 1; words++; }
        }
        fclose(file);
        files++;
    }
    double score = wanted > 0 ? (double)words / (double)wanted : 1.0;
    if (score > 1) score = 1;
    printf("{\"protocol\":\"assess.plugin/v1\",\"score\":%.4f,\"summary\":\"%ld words in %d file(s); needs %ld\","
           "\"measurements\":[{\"name\":\"words\",\"value\":%ld,\"limit\":\">= %ld\"}]}\n",
           score, words, files, wanted, words, wanted);
    return 0;
}
