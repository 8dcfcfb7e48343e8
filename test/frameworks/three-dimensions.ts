/** Three dimensions written for these tests, English only. */
export function threeDimensions() {
  const dim = (code: string, name: string, positive: string, negative: string) => ({
    code,
    name: { en: name },
    definition: { en: `How strongly a person values ${name.toLowerCase()} in public life.` },
    positivePole: { en: positive },
    negativePole: { en: negative },
  });
  return {
    id: 'test-civic',
    name: { en: 'the civic values test framework' },
    source: { citation: 'Written for the normforge tests; describes no published theory.' },
    dimensions: [
      dim('CIV', 'Civic duty', 'duties to the community come first', 'private life comes first'),
      dim('TRD', 'Tradition', 'keeping inherited customs', 'replacing customs that no longer serve'),
      dim('TEC', 'Technology optimism', 'new technology improves life', 'new technology mostly brings harm'),
    ],
  };
}
