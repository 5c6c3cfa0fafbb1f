using System.Net;
using System.Text;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Api;

[Trait("Category", "Integration")]
public sealed class CatalogImportApiTests(ApiApp fixture) : IClassFixture<ApiApp>
{
    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task A_catalogue_CSV_is_previewed_then_imported_and_its_cards_are_listed()
    {
        using var client = await fixture.App.NewApiClientAsync(Roles.Operator);
        const string File = "set,number,name,rarity,card_type\nApiset,001/100,Apicard Alpha,Rare,Wonder\nApiset,002/100,Apicard Beta,Common,Spell\n";

        var preview = await (await client.PostAsync("/api/v1/cards/import?dryRun=true", Csv(File))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((2, 0, 0, true), (preview["added"]!.GetValue<int>(), preview["updated"]!.GetValue<int>(), preview["unchanged"]!.GetValue<int>(),
            preview["dryRun"]!.GetValue<bool>()));
        var none = await (await client.GetAsync("/api/v1/cards?search=apiset")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, none["total"]!.GetValue<int>());

        var imported = await (await client.PostAsync("/api/v1/cards/import", Csv(File))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((2, false), (imported["added"]!.GetValue<int>(), imported["dryRun"]!.GetValue<bool>()));
        var listed = await (await client.GetAsync("/api/v1/cards?search=apiset")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Apicard Alpha", "Apicard Beta"], listed["items"]!.AsArray().Select(card => card!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_file_with_a_problem_is_a_400_naming_each_row_and_column_and_writes_nothing()
    {
        using var client = await fixture.App.NewApiClientAsync(Roles.Operator);

        var fields = await (await client.PostAsync("/api/v1/cards/import",
            Csv("set,number,name,rarity\nBadset,001/100,Good Card,Rare\nBadset,one,Bad Number,Rare\nBadset,003/100,,Rare\n"))).FieldErrorsAsync();

        Assert.Equal(["rows[3].number", "rows[4].name"], fields);
        var listed = await (await client.GetAsync("/api/v1/cards?search=badset")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_body_that_is_not_CSV_is_a_415_that_says_what_to_send()
    {
        using var client = await fixture.App.NewApiClientAsync(Roles.Operator);

        var detail = await (await client.PostAsync("/api/v1/cards/import", new StringContent("{}", Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("Send the file with Content-Type: text/csv (this request's was 'application/json; charset=utf-8').", detail);
    }

    [Fact]
    public async Task A_Viewers_key_may_not_import()
    {
        using var client = await fixture.App.NewApiClientAsync(Roles.Viewer);

        using var response = await client.PostAsync("/api/v1/cards/import", Csv("set,number,name,rarity\nViewset,001/100,Viewcard,Rare\n"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
