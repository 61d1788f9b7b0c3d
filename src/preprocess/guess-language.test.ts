import { describe, expect, it } from 'vitest';
import { guessLanguage } from './guess-language.js';

describe('guessLanguage', () => {
  it.each([
    ['python', 'import os\n\ndef main(argv):\n    for name in argv:\n        print(name)\n'],
    ['cpp', '#include <iostream>\nusing namespace std;\nint main() {\n  cout << "hi";\n}'],
    ['c', '#include <stdio.h>\nint main(void) {\n  printf("hi\\n");\n}'],
    ['java', 'public class Main {\n  public static void main(String[] args) {\n    System.out.println("x");\n  }\n}'],
    ['csharp', 'using System;\nclass P {\n  static void Main(string[] a) { Console.WriteLine("x"); }\n}'],
    ['go', 'package main\n\nimport "fmt"\n\nfunc main() {\n\tx := 1\n\tfmt.Println(x)\n}'],
    ['rust', 'use std::io;\nfn main() {\n    let mut v = vec![1];\n    println!("{:?}", v);\n}'],
    ['sql', 'SELECT name, COUNT(*) FROM users WHERE age > 3 GROUP BY name;'],
    ['shell', '#!/bin/bash\nfor f in *.txt; do\n  echo "$f"\ndone'],
    ['typescript', 'interface User {\n  name: string;\n}\nconst u: string = "a";'],
    ['php', '<?php\n$x = 1;\necho $x;'],
    ['haskell', 'module Main where\nmain :: IO ()\nmain = do\n  print 1'],
    // gold v1 a-040: a Kotlin interface with a `suspend fun` was once taken for TypeScript (`interface X {`).
    ['kotlin', 'interface SearchRepository {\n    suspend fun search(query: String): List<Item>\n}'],
    ['kotlin', 'class Vm : ViewModel() {\n    override fun onCleared() {\n        super.onCleared()\n    }\n}'],
  ])('recognises %s with high confidence', (lang, code) => {
    expect(guessLanguage(code)).toMatchObject({ lang, confidence: 'high' });
  });

  it('finds nothing in prose, even prose that mentions code words', () => {
    expect(guessLanguage('You should import the data from the file, then select the rows from the table you need.')).toBeUndefined();
    expect(guessLanguage('For each item in the list: check it. Then define a class of problems.')).toBeUndefined();
    expect(guessLanguage('short')).toBeUndefined();
  });

  it('is low confidence on thin evidence', () => {
    expect(guessLanguage('x = foo()\nprint(x)\nself.y = 2')).toMatchObject({ lang: 'python', confidence: 'low' });
  });
});
