import { describe, expect, it } from 'vitest';
import { frenchSpacing, NBSP, NNBSP } from './french-spacing.ts';

const french = (text: string) => frenchSpacing(text, { addMissing: true });
const typedOnly = (text: string) => frenchSpacing(text, { addMissing: false });

describe('frenchSpacing', () => {
  it('glues the « ? » of a question typed with a plain space to its last word', () => {
    expect(french('Quelle place pour la coopération ?')).toBe(`Quelle place pour la coopération${NNBSP}?`);
    expect(typedOnly('Quelle place pour la coopération ?')).toBe(`Quelle place pour la coopération${NNBSP}?`);
  });

  it('puts a narrow no-break space before ! and ; and a no-break space before :', () => {
    expect(french('Merci ! Deux points : le coût ; le délai')).toBe(
      `Merci${NNBSP}! Deux points${NBSP}: le coût${NNBSP}; le délai`,
    );
  });

  it('adds the missing space in French and leaves the text as typed otherwise', () => {
    expect(french('Pourquoi? Enfin! Note: voilà; fin')).toBe(
      `Pourquoi${NNBSP}? Enfin${NNBSP}! Note${NBSP}: voilà${NNBSP}; fin`,
    );
    expect(typedOnly('Why? Note: done; end!')).toBe('Why? Note: done; end!');
  });

  it('keeps a group of marks together behind one space', () => {
    expect(french('Vraiment ?!')).toBe(`Vraiment${NNBSP}?!`);
    expect(french('Vraiment?!!')).toBe(`Vraiment${NNBSP}?!!`);
    expect(french('Et alors...?')).toBe('Et alors...?');
  });

  it('replaces several spaces, a no-break space or a thin space by the one right space', () => {
    expect(french('Quoi   ?')).toBe(`Quoi${NNBSP}?`);
    expect(french(`Quoi${NBSP}?`)).toBe(`Quoi${NNBSP}?`);
    expect(french('Quoi\u2009?')).toBe(`Quoi${NNBSP}?`);
    expect(french(`Titre${NNBSP}:`)).toBe(`Titre${NBSP}:`);
  });

  it('puts no-break spaces inside « guillemets », typed or not', () => {
    expect(french('Le mot « sobriété » revient')).toBe(`Le mot «${NBSP}sobriété${NBSP}» revient`);
    expect(french('Le mot «sobriété» revient')).toBe(`Le mot «${NBSP}sobriété${NBSP}» revient`);
    expect(typedOnly('Le mot «sobriété» revient')).toBe('Le mot «sobriété» revient');
    expect(french('« Et demain ? »')).toBe(`«${NBSP}Et demain${NNBSP}?${NBSP}»`);
  });

  it('leaves times, ratios and emoticons alone', () => {
    expect(french('Rendez-vous à 10:30 en salle 2')).toBe('Rendez-vous à 10:30 en salle 2');
    expect(french('Un ratio de 3:1')).toBe('Un ratio de 3:1');
    expect(french('Super :) et ;-) et :D et :-( et :P')).toBe('Super :) et ;-) et :D et :-( et :P');
    expect(french('Bravo ;)')).toBe('Bravo ;)');
  });

  it('leaves addresses alone, with their query and port, and spaces the mark after them', () => {
    expect(french('Voir https://exemple.fr:8080/a?b=1;c=2 ?')).toBe(
      `Voir https://exemple.fr:8080/a?b=1;c=2${NNBSP}?`,
    );
    expect(french('Le site www.agora.fr/faq?q=1!')).toBe('Le site www.agora.fr/faq?q=1!');
    expect(french('Ajoutez ?theme=dark à l’adresse')).toBe('Ajoutez ?theme=dark à l’adresse');
    expect(french('mailto:contact@agora.fr')).toBe('mailto:contact@agora.fr');
  });

  it('leaves a JSON key’s colon alone', () => {
    expect(french('ou JSON { "sessions": [...] }')).toBe('ou JSON { "sessions": [...] }');
  });

  it('leaves code between backticks alone', () => {
    expect(french('Que fait `a ? b : c` ici ?')).toBe(`Que fait \`a ? b : c\` ici${NNBSP}?`);
    expect(french('Bloc :\n```\nx = y ? 1 : 2;\n```')).toBe(`Bloc${NBSP}:\n\`\`\`\nx = y ? 1 : 2;\n\`\`\``);
  });

  it('does not glue a mark that starts a line or the text', () => {
    expect(french('? en tête')).toBe('? en tête');
    expect(french('Ligne\n? suivante')).toBe('Ligne\n? suivante');
    expect(french(' ?')).toBe(' ?');
  });

  it('is idempotent', () => {
    const once = french('Pourquoi? « Oui » : 10:30 ;) https://a.fr/?x ! Fin !');
    expect(french(once)).toBe(once);
  });

  it('uses no-break spaces only for a font without U+202F', () => {
    expect(frenchSpacing('Quelle place ? Oui ; non !', { addMissing: true, noNarrow: true })).toBe(
      `Quelle place${NBSP}? Oui${NBSP}; non${NBSP}!`,
    );
  });
});
