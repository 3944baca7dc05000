using System.Text;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>A strict RFC 4180 reader for checking exports: CRLF records, quoted fields with doubled quotes.</summary>
public static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "Unterminated quoted field.");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }
            }

            while (i < text.Length && text[i] != ',' && text[i] != '\r')
            {
                Assert.NotEqual('\n', text[i]);
                Assert.NotEqual('"', text[i]);
                field.Append(text[i++]);
            }

            fields.Add(field.ToString());
            field.Clear();
            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }

            Assert.True(i + 1 < text.Length && text[i] == '\r' && text[i + 1] == '\n', "Records end with CRLF.");
            i += 2;
            records.Add([.. fields]);
            fields.Clear();
        }

        return records;
    }
}
